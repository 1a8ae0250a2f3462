"""Trains a DNA teacher in PyTorch: the NATS-size space's largest network (the twin in pytorch_nats.py, widths 8-32,
33|33|3) on Fashion-MNIST with the teacher recipe of configs/compare_nats.toml (1 epoch of SGD, Nesterov momentum 0.9,
lr 0.1 with 0.1 epoch of warm-up then cosine, weight decay 5e-4, label smoothing 0.1, batch 128), and saves its state
dict with torch.save, as a PyTorch user would hand one over. configs/dna_pytorch_teacher.toml loads it as its teacher.

Inputs are normalised as the engine feeds a network: x / 255, then the training images' mean and standard deviation.
Run with Debian's PyTorch (apt-get install -y python3-torch dataset-fashion-mnist):
    /usr/bin/python3 bench/pytorch_teacher.py <out.pth> [threads] [seed]
Prints the test accuracy of the saved network (bossnas reports the loaded teacher's own on the same test images).
"""
import gzip
import math
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

import pytorch_nats

DATA = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def main():
    out = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    x = torch.from_numpy(idx(f"{DATA}/train-images-idx3-ubyte.gz").astype(np.float32) / 255).unsqueeze(1)
    y = torch.from_numpy(idx(f"{DATA}/train-labels-idx1-ubyte.gz").astype(np.int64))
    tx = torch.from_numpy(idx(f"{DATA}/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255).unsqueeze(1)
    ty = torch.from_numpy(idx(f"{DATA}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    mean, std = x.mean().item(), x.std().item()
    x, tx = (x - mean) / std, (tx - mean) / std

    pytorch_nats.WIDTHS = [8, 16, 24, 32]
    model = pytorch_nats.NatsNetwork("33|33|3", in_channels=1, classes=10)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    batch = 128
    steps = len(x) // batch
    warmup = max(1, round(0.1 * steps))
    order = torch.randperm(len(x))
    model.train()
    for s in range(steps):
        lr = 0.1 * (s + 1) / warmup if s < warmup else 0.1 * 0.5 * (1 + math.cos(math.pi * (s - warmup) / (steps - warmup)))
        for g in opt.param_groups:
            g["lr"] = lr
        i = order[s * batch:(s + 1) * batch]
        loss = F.cross_entropy(model(x[i]), y[i], label_smoothing=0.1)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if s % 50 == 0:
            print(f"step {s}/{steps} loss {loss.item():.4f} lr {lr:.4f}", flush=True)
    model.eval()
    with torch.no_grad():
        correct = sum((model(tx[i:i + 1000]).argmax(1) == ty[i:i + 1000]).sum().item() for i in range(0, len(tx), 1000))
    torch.save(model.state_dict(), out)
    print(f"test_accuracy={correct / len(tx):.4f} mean={mean:.4f} std={std:.4f} saved={out}")


if __name__ == "__main__":
    main()
