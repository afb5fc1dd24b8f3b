"""The native anchor of `npm run bench`: the same networks trained with PyTorch on the CPU.

Prints one JSON document: {"torch": version, "threads": n, "results": [{model, batch, examplesPerSecond}]}.
Steady state after warm-up, median of several timed windows, random data (throughput does not depend
on the pixel values). Layouts mirror the playground's presets (Keras 'same' padding = padding k//2 for
odd kernels at stride 1; pooling 2x2 stride 2).
"""
import json
import statistics
import sys
import time

import torch
from torch import nn


def fashion_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Linear(128, 10))


def mnist_cnn_1000():
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 1000), nn.ReLU(), nn.Linear(1000, 10))


def fashion_mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))


MODELS = {'fashion-cnn': fashion_cnn, 'mnist-cnn-1000': mnist_cnn_1000, 'fashion-mlp': fashion_mlp}


def measure(name, batch, seconds):
    torch.manual_seed(0)
    model = MODELS[name]()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    xs = torch.rand(batch, 1, 28, 28)
    ys = torch.randint(0, 10, (batch,))

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(xs), ys)
        loss.backward()
        optimizer.step()

    for _ in range(3):
        step()
    rates = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(rates) < 3:
        start, steps = time.perf_counter(), 0
        while time.perf_counter() - start < 0.5:
            step()
            steps += 1
        rates.append(steps * batch / (time.perf_counter() - start))
    return statistics.median(rates)


def main():
    args = sys.argv[1:]
    models = args[0].split(',') if args else list(MODELS)
    batch = int(args[1]) if len(args) > 1 else 64
    seconds = float(args[2]) if len(args) > 2 else 4
    results = [{'model': m, 'batch': batch, 'examplesPerSecond': measure(m, batch, seconds)} for m in models if m in MODELS]
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'results': results}))


if __name__ == '__main__':
    main()
