"""L2-regularised logistic regression by Newton's method: small, exact and dependency-free. The confidence
calibration and the brief's facet classifier are fitted with it."""

from __future__ import annotations

import numpy as np


def fit_logistic_matrix(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 50) -> tuple[np.ndarray, float]:
    """Weights (one per column of ``x``) and bias maximising the L2-penalised likelihood of the 0/1 labels ``y``."""
    x = np.hstack([np.asarray(x, dtype=float), np.ones((len(x), 1))])
    y = np.asarray(y, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = sigmoid(x @ w)
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
