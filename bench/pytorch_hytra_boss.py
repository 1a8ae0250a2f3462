"""PyTorch twin of the main job's supernet step (configs/hytra_boss.toml, stage 0), for bench/run.sh.

Usage: pytorch_hytra_boss.py <threads> <warmup> <steps> <dir>
<dir> holds what `BossNas.Bench hytra-boss` wrote: config.toml (the main job's config with every default filled in),
weights.safetensors (the strategy's modules before training), batch.safetensors (one view pair per path) and
steps.safetensors (the paths the engine's strategy sampled in each step and the loss TrainStep returned). The twin
builds the stem and block 0 of the online and target HyTra supernets (plugins/BossNas.Plugins.HyTra, every op block 0
offers, from the same path rules), block 0's online/target necks and predictor (EnsembleBootstrapping), loads the
engine's weights under the same names, checks that the trained parameters count the same and that its losses on the
engine's paths equal the engine's, then times the same steps: ensemble target (no grad), per-path symmetric loss and
backward, LARS, EMA. Prints one line: params=<n> loss_diff=<x> max_loss_diff=<x> images_per_s=<x>
"""
import math
import sys
import time
import tomllib
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.dont_write_bytecode = True  # no __pycache__ in bench/ from the two local imports
from hytra_twin import Layout, Supernet, conv  # noqa: E402
from pytorch_nats import read_safetensors  # noqa: E402

CHECKED_STEPS = 3  # steps whose losses are compared: step 0 on the initial weights, then after LARS + EMA updates


class Mlp(nn.Module):
    def __init__(self, cin, hidden, cout):
        super().__init__()
        self.fc1, self.bn, self.fc2 = nn.Linear(cin, hidden), nn.BatchNorm1d(hidden), nn.Linear(hidden, cout)

    def forward(self, x):
        return self.fc2(F.relu(self.bn(self.fc1(x))))


class Neck(nn.Module):
    """ProjectionNeck: a conv1x1 + BN adapter per adapted width, global average pool, MLP."""

    def __init__(self, channels, adapted, hidden, dim):
        super().__init__()
        self.adapters = nn.ModuleDict(
            (f"c{c}", nn.Sequential(OrderedDict(conv=conv(c, channels, 1), bn=nn.BatchNorm2d(channels)))) for c in adapted)
        self.mlp = Mlp(channels, hidden, dim)

    def forward(self, x):
        key = f"c{x.shape[1]}"
        return self.mlp((self.adapters[key](x) if key in self.adapters else x).mean((2, 3)))


class Siamese(nn.Module):
    """SiameseModules' parts that stage 0 uses, under its state-dict names."""

    def __init__(self, layout, s, in_channels):
        super().__init__()
        self.online, self.target = Supernet(layout, in_channels), Supernet(layout, in_channels)
        ends = {layout.ops[p[-1]][0] for p in layout.block0_candidates()}
        widths = sorted({layout.widths[lv] for lv in ends})
        channels = s["neck_channels"] or max(widths)
        # auto adapts every width only where outputs differ in width alone (NATS); HyTra's levels differ in size too.
        every = s["neck_adapters"] == "every_width"
        self.frozen_target_adapters = s["target_adapters"] == "frozen" or (s["target_adapters"] == "auto" and every)
        adapted = [c for c in widths if every or c != channels]
        neck = lambda: Neck(channels, adapted, s["projector_hidden"], s["projection_dim"])
        self.online_necks, self.target_necks = nn.ModuleList([neck()]), nn.ModuleList([neck()])
        self.predictors = nn.ModuleList([Mlp(s["projection_dim"], s["predictor_hidden"], s["projection_dim"])])


def byol_loss(p, t):
    return (F.normalize(p, dim=1, eps=1e-12) * F.normalize(t, dim=1, eps=1e-12)).sum(1).mean() * -2


class Lars:
    """Lars.cs, guarded: trust ratio eta*|w|/(|g| + wd*|w|) where both norms are positive; 1-D tensors excluded."""

    def __init__(self, named, momentum, eta, wd):
        self.named, self.m, self.eta, self.wd, self.buf = named, momentum, eta, wd, {}

    @torch.no_grad()
    def step(self, lr):
        for name, p in self.named:
            g = p.grad
            if g is None:  # an op no sampled path used: no momentum, no decay
                continue
            if p.dim() <= 1:
                d = g * lr
            else:
                wn, gn = p.norm(), g.norm()
                trust = torch.where((wn > 0) & (gn > 0), wn * self.eta / (gn + wn * self.wd), torch.ones_like(wn))
                d = (g + self.wd * p) * (trust * lr)
            buf = self.buf.setdefault(name, torch.zeros_like(p))
            buf.mul_(self.m).add_(d)
            p.sub_(buf)

    def zero_grad(self):
        for _, p in self.named:
            p.grad = None


@torch.no_grad()
def ema(target, online, m):
    for t, o in zip(target.parameters(), online.parameters()):
        t.mul_(m).add_(o, alpha=1 - m)


def main():
    threads, warmup, steps, folder = *(int(a) for a in sys.argv[1:4]), sys.argv[4]
    torch.set_num_threads(threads)
    with open(f"{folder}/config.toml", "rb") as f:
        cfg = tomllib.load(f)
    space, sup, train = cfg["search_space"], cfg["supervision"], cfg["train"]
    # What this twin implements of the options; anything else is another computation.
    assert space["plugin"] == "hytra" and space["stem"] == "cifar" and cfg["data"]["dataset"] == "fashion-mnist"
    assert sup["plugin"] == "ensemble_bootstrapping" and sup["pairs"] == "per_path" and sup["frozen_target"] == "fixed"
    assert train["optimizer"] == "lars" and train["exclude"] == "one_dimensional" and train["lars_zero_norm"] == "guarded"
    assert train["accumulate"] == 1 and train["clip_grad_norm"] == 0 and train["lr_reference_batch"] == 0

    layout = Layout(space)
    model = Siamese(layout, sup, 1).train()
    weights = read_safetensors(f"{folder}/weights.safetensors")
    own = model.state_dict()
    covered = ("online.stem.", "online.blocks.0.", "target.stem.", "target.blocks.0.",
               "online_necks.0.", "target_necks.0.", "predictors.0.")
    theirs = {k for k in weights if k.startswith(covered)}
    if theirs != set(own) or any(own[k].shape != weights[k].shape for k in own):
        raise SystemExit(f"not the engine's modules: only the engine has {sorted(theirs - set(own))[:5]}, "
                         f"only the twin has {sorted(set(own) - theirs)[:5]}")
    model.load_state_dict({k: weights[k] for k in own})
    batch = read_safetensors(f"{folder}/batch.safetensors")
    record = read_safetensors(f"{folder}/steps.safetensors")
    paths, engine_losses = record["paths"].tolist(), record["losses"].tolist()
    total = 1 + warmup + steps
    if len(paths) != total:
        raise SystemExit(f"the engine ran {len(paths)} steps, this run needs {total}: give both the same warmup and steps")
    views = [(batch[f"view1_{k}"], batch[f"view2_{k}"]) for k in range(len(paths[0]))]

    online, target = model.online, model.target
    online_neck, target_neck, predictor = model.online_necks[0], model.target_necks[0], model.predictors[0]
    trained = [*online.named_parameters(prefix="online"), *online_neck.named_parameters(prefix="online_necks.0"),
               *predictor.named_parameters(prefix="predictors.0")]
    params = sum(p.numel() for _, p in trained)
    for p in list(target.parameters()) + list(target_neck.parameters()):
        p.requires_grad_(False)
    lars = Lars(trained, train["momentum"], train["lars_eta"], train["weight_decay"])

    def step(i):
        sampled = paths[i]
        with torch.no_grad():  # the ensemble target: mean of the paths' normalised target projections, path j on pair j
            t1 = t2 = 0
            for j, p in enumerate(sampled):
                t1 = t1 + F.normalize(target_neck(target.block0(views[j][0], p)), dim=1, eps=1e-12)
                t2 = t2 + F.normalize(target_neck(target.block0(views[j][1], p)), dim=1, eps=1e-12)
            t1, t2 = t1 / len(sampled), t2 / len(sampled)
        total_loss = 0.0
        for i_path, p in enumerate(sampled):  # one path's graph at a time, backward right away
            z1, z2 = (online_neck(online.block0(views[i_path][v], p)) for v in (0, 1))
            loss = byol_loss(predictor(z1), t2) + byol_loss(predictor(z2), t1)
            loss.backward()
            total_loss += loss.item()
        lars.step(train["lr"])
        lars.zero_grad()
        m = 1 - (1 - sup["base_momentum"]) * (math.cos(math.pi * i / total) + 1) / 2  # Ema.CosineMomentum
        ema(target, online, m)  # stem and block 0: the parameters the stage trains
        ema(target_neck.mlp if model.frozen_target_adapters else target_neck,
            online_neck.mlp if model.frozen_target_adapters else online_neck, m)
        return total_loss / len(sampled)

    checked = min(CHECKED_STEPS, 1 + warmup)  # never a timed step
    diffs = [abs(step(i) - engine_losses[i]) for i in range(checked)]
    for i in range(checked, 1 + warmup):
        step(i)
    start = time.perf_counter()
    for i in range(1 + warmup, total):
        step(i)
    seconds = time.perf_counter() - start
    batch_size = views[0][0].shape[0]
    print(f"params={params} loss_diff={diffs[0]:.2e} max_loss_diff={max(diffs):.2e} "
          f"images_per_s={batch_size * steps / seconds:.2f}")


if __name__ == "__main__":
    main()
