"""PyTorch twin of the NATS-size stand-alone network (plugins/BossNas.Plugins.Nats/Standalone), for bench/run.sh.

Usage: pytorch_nats.py <arch> <threads> <batch> <warmup> <steps> <dir>
<dir> holds weights.safetensors and batch.safetensors written by `BossNas.Bench nats`. The twin loads the engine's
initial weights (read with NumPy, independently of any safetensors library), checks the parameter count and that the
train-mode logits of the saved batch match the engine's, then times the same SGD steps. Prints one line:
params=<n> max_logit_diff=<x> images_per_s=<x>
"""
import json
import struct
import sys
import time
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

WIDTHS = [8, 16, 24, 32]
KINDS = ["cell", "reduction", "cell", "reduction", "cell"]
# The size-space cell (NATS-Bench's best tss cell): node 1 <- conv3x3(0); node 2 <- conv3x3(0) + conv3x3(1);
# node 3 <- skip(0) + conv3x3(1) + conv3x3(2). (to, from, kernel; 0 = skip)
EDGES = [(1, 0, 3), (2, 0, 3), (2, 1, 3), (3, 0, 0), (3, 1, 3), (3, 2, 3)]


class ReluConvBn(nn.Module):
    def __init__(self, cin, cout, kernel, stride):
        super().__init__()
        self.relu = nn.ReLU()
        self.conv = nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return self.bn(self.conv(self.relu(x)))


class Cell(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.edges = nn.ModuleList()
        self.module_of = []
        for to, frm, k in EDGES:
            edge_in = cin if frm == 0 else cout
            if k == 0 and edge_in == cout:
                self.module_of.append(-1)
                continue
            self.module_of.append(len(self.edges))
            self.edges.append(ReluConvBn(edge_in, cout, 1 if k == 0 else k, 1))

    def forward(self, x):
        nodes = [x, None, None, None]
        for i, (to, frm, _) in enumerate(EDGES):
            y = nodes[frm] if self.module_of[i] < 0 else self.edges[self.module_of[i]](nodes[frm])
            nodes[to] = y if nodes[to] is None else nodes[to] + y
        return nodes[-1]


class ResBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv_a = ReluConvBn(cin, cout, 3, 2)
        self.conv_b = ReluConvBn(cout, cout, 3, 1)
        self.pool = nn.AvgPool2d(2, 2)
        self.downsample = nn.Conv2d(cin, cout, 1, bias=False)

    def forward(self, x):
        return self.conv_b(self.conv_a(x)) + self.downsample(self.pool(x))


class NatsNetwork(nn.Module):
    def __init__(self, arch, in_channels=1, classes=10):
        super().__init__()
        channels = [WIDTHS[int(c)] for c in arch.replace("|", "")]
        self.stem_conv = nn.Conv2d(in_channels, channels[0], 3, 1, 1, bias=False)
        self.stem_bn = nn.BatchNorm2d(channels[0])
        self.layers = nn.ModuleList()
        cin = channels[0]
        for kind, cout in zip(KINDS, channels):
            self.layers.append(Cell(cin, cout) if kind == "cell" else ResBlock(cin, cout))
            cin = cout
        self.head = nn.Sequential(OrderedDict(
            lastact_bn=nn.BatchNorm2d(cin), lastact_relu=nn.ReLU(), pool=nn.AdaptiveAvgPool2d(1),
            flatten=nn.Flatten(), classifier=nn.Linear(cin, classes)))

    def forward(self, images):
        # As the engine: the batch in channels-last memory order, which the whole network keeps.
        x = self.stem_bn(self.stem_conv(images.contiguous(memory_format=torch.channels_last)))
        for layer in self.layers:
            x = layer(x)
        return self.head(x)


def read_safetensors(path):
    dtypes = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[start:end], dtype=dtypes[info["dtype"]]).reshape(info["shape"]).copy())
    return out


def main():
    arch, threads, batch, warmup, steps, folder = sys.argv[1], *(int(a) for a in sys.argv[2:6]), sys.argv[6]
    torch.set_num_threads(threads)
    model = NatsNetwork(arch).train()
    weights = read_safetensors(f"{folder}/weights.safetensors")
    own = model.state_dict()
    missing = set(own) - set(weights)
    if missing:
        raise SystemExit(f"the engine's weights lack {sorted(missing)[:5]}")
    model.load_state_dict({k: weights[k] for k in own})
    saved = read_safetensors(f"{folder}/batch.safetensors")
    x, y = saved["x"], saved["y"]
    logits = model(x)
    diff = (logits.detach() - saved["logits"]).abs().max().item()
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    print(f"params={params} max_logit_diff={diff:.2e} images_per_s={batch * steps / (time.perf_counter() - start):.2f}")


if __name__ == "__main__":
    main()
