"""Writes the PyTorch fixtures of tests/BossNas.Tests/Import: NATS-size networks built by PyTorch itself (the twin of
bench/pytorch_nats.py, widths [2, 4], 1x16x16 images, 4 classes: the smoke config's data with candidate_widths = [2, 4]),
saved as torch.save writes a state dict (.pth) and as safetensors, with an input batch and PyTorch's eval-mode logits.

Run with Debian's PyTorch (apt-get install -y python3-torch) from the repository root:
    /usr/bin/python3 tests/BossNas.Tests/Fixtures/pytorch/make_nats_twins.py
Files (a few KB each), for each twin <arch> in ARCHS (name nats_<digits>):
    nats_<digits>.pth            torch.save(model.state_dict())
    nats_<digits>.safetensors    the same tensors as safetensors
    nats_<digits>.expected.safetensors   "input" [3, 1, 16, 16] and "logits" [3, 4] of model.eval()(input)
    nats_11111.checkpoint.pth    {"epoch": 7, "state_dict": {"module." + name: tensor}}: a training checkpoint of a
                                 DataParallel model, for the rename rules and the nested-dict reading
"""
import json
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "bench"))
import pytorch_nats  # noqa: E402  (the twin of the engine's NATS stand-alone network)

pytorch_nats.WIDTHS = [2, 4]
ARCHS = ["11|11|1", "01|10|1"]
DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        data = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def twin(arch, seed):
    torch.manual_seed(seed)
    model = pytorch_nats.NatsNetwork(arch, in_channels=1, classes=4)
    # Trained-looking BatchNorm statistics and affine values, so eval mode is not the identity.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.num_batches_tracked.fill_(12)
    return model.eval()


def main():
    for i, arch in enumerate(ARCHS):
        name = "nats_" + arch.replace("|", "")
        model = twin(arch, seed=i)
        state = model.state_dict()
        torch.save(state, os.path.join(HERE, name + ".pth"))
        write_safetensors(os.path.join(HERE, name + ".safetensors"), dict(state))
        torch.manual_seed(100 + i)
        x = torch.rand(3, 1, 16, 16)
        with torch.no_grad():
            logits = model(x)
        write_safetensors(os.path.join(HERE, name + ".expected.safetensors"), {"input": x, "logits": logits.contiguous()})
        if i == 0:
            checkpoint = {"epoch": 7, "state_dict": {"module." + k: v for k, v in state.items()}}
            torch.save(checkpoint, os.path.join(HERE, name + ".checkpoint.pth"))
        print(name, sum(t.numel() for t in state.values()), "tensor values")


if __name__ == "__main__":
    main()
