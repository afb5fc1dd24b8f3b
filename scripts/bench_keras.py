"""Keras 3 / TensorFlow CPU `model.fit` for `npm run bench`: the playground's presets trained natively.

Prints one JSON document: {"keras": version, "tensorflow": version, "results": [{model, batch,
examplesPerSecond}]}. Steady state after a warm-up epoch, median of several timed epochs of `model.fit`
on random data (throughput does not depend on the pixel values). Layers mirror src/engine/spec/presets.ts.
Run with the project's own environment: .venv/bin/python scripts/bench_keras.py fashion-cnn 64 6
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
os.environ.setdefault('KERAS_BACKEND', 'tensorflow')

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402


def fashion_cnn():
    return [
        layers.Conv2D(32, 3, padding='same', activation='relu'), layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, padding='same', activation='relu'), layers.MaxPooling2D(2),
        layers.Flatten(), layers.Dense(128, activation='relu'), layers.Dense(10, activation='softmax')]


def mnist_cnn_1000():
    return [
        layers.Conv2D(32, 5, padding='same', activation='relu'), layers.MaxPooling2D(2, padding='same'),
        layers.Conv2D(64, 5, padding='same', activation='relu'), layers.MaxPooling2D(2, padding='same'),
        layers.Flatten(), layers.Dense(1000, activation='relu'), layers.Dense(10, activation='softmax')]


def fashion_mlp():
    return [layers.Flatten(), layers.Dense(128, activation='relu'), layers.Dropout(0.2),
            layers.Dense(10, activation='softmax')]


MODELS = {'fashion-cnn': fashion_cnn, 'mnist-cnn-1000': mnist_cnn_1000, 'fashion-mlp': fashion_mlp}


def measure(name, batch, seconds):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((28, 28, 1)), *MODELS[name]()])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss='sparse_categorical_crossentropy')
    steps = 20
    rng = np.random.default_rng(0)
    xs = rng.random((batch * steps, 28, 28, 1), dtype=np.float32)
    ys = rng.integers(0, 10, batch * steps)
    model.fit(xs, ys, batch_size=batch, epochs=1, verbose=0)  # warm-up: tracing, allocation
    rates = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(rates) < 3:
        start = time.perf_counter()
        model.fit(xs, ys, batch_size=batch, epochs=1, verbose=0, shuffle=False)
        rates.append(batch * steps / (time.perf_counter() - start))
    return statistics.median(rates)


def main():
    args = sys.argv[1:]
    models = args[0].split(',') if args else list(MODELS)
    batch = int(args[1]) if len(args) > 1 else 64
    seconds = float(args[2]) if len(args) > 2 else 4
    results = [{'model': m, 'batch': batch, 'examplesPerSecond': measure(m, batch, seconds)} for m in models if m in MODELS]
    print(json.dumps({'keras': keras.__version__, 'tensorflow': tf.__version__, 'results': results}))


if __name__ == '__main__':
    main()
