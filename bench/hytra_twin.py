"""HyTra's supernet (plugins/BossNas.Plugins.HyTra) in PyTorch, stem and block 0, for bench/pytorch_hytra_boss.py.

Built from the same options and path rules as HyTraSupernet (every op block 0 offers, each with the input branches some
candidate path uses), under the engine's state-dict names, so the engine's weights load 1:1.
"""
import math
from collections import OrderedDict

import torch.nn as nn
import torch.nn.functional as F

ATTENTION_LEVELS = 2  # HyTraLayout: ResAtt exists at the two coarsest levels only
STEM, SAME, DOWN = "stem", "same", "down"


def conv(cin, cout, kernel, stride=1):
    return nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False)


def peg(channels, stride):
    # Depthwise 3x3 with bias as positional encoding, returned without a residual (as Layers.Peg).
    return nn.Conv2d(channels, channels, 3, stride, 1, groups=channels, bias=True)


def conv_bn_relu(cin, cout, kernel, stride):
    return nn.Sequential(OrderedDict(conv=conv(cin, cout, kernel, stride), bn=nn.BatchNorm2d(cout), act=nn.ReLU()))


class Layout:
    """HyTraLayout + HyTraPathRules, as far as block 0 needs them."""

    def __init__(self, o):
        self.o, self.levels, self.widths = o, o["levels"], o["widths"]
        self.finest = self.levels - 1
        self.ops = [(lv, p) for lv in range(self.levels) for p in (["att"] if lv < ATTENTION_LEVELS else []) + ["conv"]]

    def generate(self, max_level, any_start):
        out = []

        def extend(prefix, level):
            for i, (lv, _) in enumerate(self.ops):
                if lv != level:
                    continue
                if len(prefix) + 1 == self.o["layers_per_block"]:
                    out.append(prefix + [i])
                else:
                    extend(prefix + [i], level)
                    if level > 0:
                        extend(prefix + [i], level - 1)
        for start in range(0 if any_start else max(0, max_level - 1), max_level + 1):
            extend([], start)
        return sorted(out)

    def rule_paths(self, block, incoming):
        if incoming >= self.o["stage_depths"][block]:
            return []
        return self.generate(incoming, block == 0 and self.o["path_rule"] == "all")

    def completions(self, block, incoming):
        if block == self.o["blocks"]:
            return 1
        return sum(self.completions(block + 1, self.ops[p[-1]][0]) for p in self.rule_paths(block, incoming))

    def block0_candidates(self):
        return [p for p in self.rule_paths(0, self.finest)
                if self.o["blocks"] == 1 or self.completions(1, self.ops[p[-1]][0]) > 0]

    def block0_entries(self):
        """Per layer: op index -> how its input arrives, over every candidate path (what the supernet builds)."""
        layers = [dict() for _ in range(self.o["layers_per_block"])]
        for path in self.block0_candidates():
            level = self.finest
            for i, op in enumerate(path):
                op_level = self.ops[op][0]
                layers[i].setdefault(op, set()).add(STEM if i == 0 else SAME if op_level == level else DOWN)
                level = op_level
        return layers


class StemAdapter(nn.Module):
    def __init__(self, stem_channels, out_channels, factor):
        super().__init__()
        self.factor = factor
        self.dw = (nn.Conv2d(stem_channels, stem_channels, factor, factor, groups=stem_channels, bias=False)
                   if factor > 1 else None)
        self.pw = conv(stem_channels, out_channels, 1)
        self.bn = nn.BatchNorm2d(out_channels)

    def forward(self, x):
        if self.dw is None:
            return self.bn(self.pw(x))
        f = self.factor  # zero-pad bottom/right to a multiple of the stride: the level's (ceil) size
        x = F.pad(x, (0, (f - x.shape[3] % f) % f, 0, (f - x.shape[2] % f) % f))
        return self.bn(self.pw(self.dw(x)))


class ResConv(nn.Module):
    def __init__(self, cin, cup, cout, same, down):
        super().__init__()
        planes = cout // 4
        if same:
            self.downsample = conv_bn_relu(cin, cout, 1, 1) if cin != cout else None
            self.conv1, self.peg, self.bn1 = conv(cin, planes, 1), peg(planes, 1), nn.BatchNorm2d(planes)
        if down:
            self.downsample_d = conv_bn_relu(cup, cout, 3, 2)
            self.conv1_d, self.peg_d, self.bn1_d = conv(cup, planes, 1), peg(planes, 2), nn.BatchNorm2d(planes)
        self.conv2, self.bn2 = conv(planes, planes, 3), nn.BatchNorm2d(planes)
        self.conv3, self.bn3 = conv(planes, cout, 1), nn.BatchNorm2d(cout)

    def forward(self, x, down):
        if down:
            residual, h = self.downsample_d(x), self.bn1_d(self.peg_d(self.conv1_d(x)))
        else:
            residual = x if self.downsample is None else self.downsample(x)
            h = self.bn1(self.peg(self.conv1(x)))
        h = F.relu(self.bn2(self.conv2(F.relu(h))))
        return F.relu(self.bn3(self.conv3(h)) + residual)


class Attention(nn.Module):
    """MultiHeadSelfAttention.cs: no relative positions, q.k / sqrt(dim_head), softmax over keys, out = v @ attn^T."""

    def __init__(self, dim, heads, dim_head, transposed):
        super().__init__()
        self.heads, self.dim_head, self.transposed = heads, dim_head, transposed
        self.scale = 1.0 / math.sqrt(dim_head)
        self.to_qkv = nn.Conv2d(dim, 3 * heads * dim_head, 1, bias=False)

    def forward(self, x):
        b, _, h, w = x.shape
        qkv = self.to_qkv(x).view(b, 3, self.heads, self.dim_head, h * w)  # [q heads | k heads | v heads]
        q, k, v = qkv[:, 0], qkv[:, 1], qkv[:, 2]
        attn = (q.transpose(-2, -1).matmul(k) * self.scale).softmax(-1)
        out = v.matmul(attn if self.transposed else attn.transpose(-2, -1))
        return out.reshape(b, self.heads * self.dim_head, h, w)


class ResAtt(nn.Module):
    def __init__(self, cin, cup, cout, heads, dim_head, same, down, transposed):
        super().__init__()
        attn_in = cout // 4

        def proj(c, stride):
            return nn.Sequential(OrderedDict(conv=conv(c, attn_in, 1), peg=peg(attn_in, stride), bn=nn.BatchNorm2d(attn_in)))
        if same:
            self.shortcut = conv_bn_relu(cin, cout, 1, 1) if cin != cout else None
            self.proj = proj(cin, 1)
        if down:
            self.shortcut_d, self.proj_d = conv_bn_relu(cup, cout, 3, 2), proj(cup, 2)
        self.attn = Attention(attn_in, heads, dim_head, transposed)
        self.bn_attn = nn.BatchNorm2d(heads * dim_head)
        self.conv_out, self.bn_out = conv(heads * dim_head, cout, 1), nn.BatchNorm2d(cout)

    def forward(self, x, down):
        if down:
            residual, h = self.shortcut_d(x), self.proj_d(x)
        else:
            residual, h = (x if self.shortcut is None else self.shortcut(x)), self.proj(x)
        h = F.relu(self.bn_attn(self.attn(F.relu(h))))
        return F.relu(self.bn_out(self.conv_out(h)) + residual)


class MixedLayer(nn.Module):
    def __init__(self, layout, entries):
        super().__init__()
        o, from_stem = layout.o, any(STEM in e for e in entries.values())
        self.ops, self.adapters = nn.ModuleDict(), nn.ModuleDict() if from_stem else None
        for index in sorted(entries):
            level, primitive = layout.ops[index]
            width, bottleneck = layout.widths[level], layout.widths[level] // 4
            cin = bottleneck if from_stem else width
            cup = layout.widths[level + 1] if level + 1 < layout.levels else 0
            same, down = bool(entries[index] & {SAME, STEM}), DOWN in entries[index]
            if primitive == "att":
                heads = max(1, bottleneck // o["dim_head"])
                op = ResAtt(cin, cup, width, heads, o["dim_head"], same, down, o["attention"] == "transposed")
            else:
                op = ResConv(cin, cup, width, same, down)
            self.ops[str(index)] = op
            if from_stem and str(level) not in self.adapters:
                self.adapters[str(level)] = StemAdapter(o["stem_channels"], bottleneck, 1 << (layout.finest - level))

    def forward(self, x, op, level, entry):
        if entry == STEM:
            return self.ops[str(op)](self.adapters[str(level)](x), False)
        return self.ops[str(op)](x, entry == DOWN)


class Block(nn.Module):
    def __init__(self, layout):
        super().__init__()
        self.layers = nn.ModuleList(MixedLayer(layout, e) for e in layout.block0_entries())


class Supernet(nn.Module):
    """HyTraSupernet's stem (cifar: conv3x3 + BN + ReLU, NCHW as the engine keeps it) and block 0."""

    def __init__(self, layout, in_channels):
        super().__init__()
        self.layout = layout
        c = layout.o["stem_channels"]
        self.stem = nn.Sequential(OrderedDict(conv=conv(in_channels, c, 3), bn=nn.BatchNorm2d(c), act=nn.ReLU()))
        self.blocks = nn.ModuleList([Block(layout)])

    def block0(self, images, path):
        h, level = self.stem(images), self.layout.finest
        for i, op in enumerate(path):
            op_level = self.layout.ops[op][0]
            entry = STEM if i == 0 else SAME if op_level == level else DOWN
            h, level = self.blocks[0].layers[i](h, op, op_level, entry), op_level
        return h
