#!/usr/bin/python3
"""How far can image colour go on fashion-products' baseColour labels?

Reproduces the "colour ceiling" figures in docs/benchmarks.md. Needs Debian's python3-numpy, python3-scipy,
python3-pil and python3-sklearn (run with /usr/bin/python3). Usage:
    /usr/bin/python3 tools/descriptor-study/colour_ceiling.py ../shared/data/fashion-products
Prints leave-one-out precision@10 (cosine, query excluded) of same articleType / baseColour for colour histograms of
the product pixels, variants of them, a colour-name table learned on one half and tested on the other, and the
3-fold accuracy of a supervised logistic regression on the histogram (an upper-bound check: a classifier trained
on the labels).
"""
import csv, sys
import numpy as np
import scipy.ndimage as ndi
from PIL import Image

root = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/fashion-products'
rows = list(csv.DictReader(open(f'{root}/styles.csv', encoding='utf-8')))
X = np.stack([np.asarray(Image.open(f"{root}/images/{r['id']}.jpg").convert('RGB').resize((60, 80))) for r in rows])
T = np.array([r['articleType'] for r in rows]); C = np.array([r['baseColour'] for r in rows]); N = len(X)


def foreground(im, tol=0.09):
    """Pixels the border-median background does not reach by flood fill (as descriptor-v2 does)."""
    im = im.astype(np.float32) / 255
    med = np.median(np.concatenate([im[0], im[-1], im[:, 0], im[:, -1]]), axis=0)
    lab, _ = ndi.label(np.abs(im - med).max(axis=2) <= tol)
    edge = set(np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]))) - {0}
    m = ~np.isin(lab, list(edge))
    return m if m.sum() >= 20 else np.ones_like(m)


def l2n(V):
    n = np.linalg.norm(V, axis=1, keepdims=True); n[n == 0] = 1
    return (V / n).astype(np.float32)


def p_at_10(V, q, k=10):
    """Mean share of the k nearest products (query excluded, cosine) with the query's type / colour; q = subset."""
    V = l2n(V[q]); hits = np.zeros(2)
    for s in range(0, len(q), 1024):
        S = V[s:s + 1024] @ V.T
        S[np.arange(len(S)), np.arange(s, s + len(S))] = -9
        top = np.argpartition(-S, k, axis=1)[:, :k]
        for j, L in enumerate((T[q], C[q])):
            hits[j] += (L[top] == L[s:s + 1024, None]).sum()
    return np.round(hits / (len(q) * k), 3)


M = np.stack([foreground(im) for im in X])
B = 8
q8 = (X // (256 // B)).astype(np.int32); bins = q8[..., 0] * B * B + q8[..., 1] * B + q8[..., 2]
Xf = X.astype(np.float32); R, G, Bl = Xf[..., 0], Xf[..., 1], Xf[..., 2]
Y = 0.299 * R + 0.587 * G + 0.114 * Bl
Cb = 128 - 0.168736 * R - 0.331264 * G + 0.5 * Bl; Cr = 128 + 0.5 * R - 0.418688 * G - 0.081312 * Bl
skin = (Cr >= 135) & (Cr <= 173) & (Cb >= 77) & (Cb <= 127) & (Y > 60)
yy, xx = np.mgrid[0:80, 0:60]
centre = np.exp(-(((yy - 39.5) / 80) ** 2 + ((xx - 29.5) / 60) ** 2) / (2 * 0.3 ** 2))
everyone = np.arange(N)


def hist(weights):
    H = np.stack([np.bincount(bins[i].ravel(), weights=weights[i].ravel(), minlength=B ** 3) for i in range(N)])
    s = H.sum(1, keepdims=True); s[s == 0] = 1
    return H / s


H = hist(M.astype(np.float32))
print('RGB 8x8x8 histogram of product pixels, sqrt      ', p_at_10(np.sqrt(H), everyone))
print('same, no sqrt                                   ', p_at_10(H, everyone))
print('same, skin-coloured pixels dropped, sqrt        ', p_at_10(np.sqrt(hist((M & ~skin).astype(np.float32))), everyone))
print('same, centre-weighted (sigma 0.3 of frame), sqrt', p_at_10(np.sqrt(hist(M * centre)), everyone))

# colour names learned from labels: p(name | RGB bin) counted on one half, applied to the other half
names = sorted(set(C)); Ci = np.array([names.index(c) for c in C])
perm = np.random.default_rng(1).permutation(N); halves = (perm[:N // 2], perm[N // 2:])
for h in range(2):
    train, test = halves[1 - h], halves[h]
    counts = np.stack([H[train][Ci[train] == c].sum(0) for c in range(len(names))], axis=1)
    prior = np.bincount(Ci[train], minlength=len(names)) / len(train)
    table = (counts + 0.5 * prior) / (counts.sum(1, keepdims=True) + 0.5)
    print(f'half {h}: histogram sqrt', p_at_10(np.sqrt(H), test), '| colour names from the other half',
          p_at_10(np.sqrt(H @ table), test))

from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
pred = cross_val_predict(LogisticRegression(C=10, max_iter=1000), np.sqrt(H), C, cv=3)
print('supervised logistic regression on the histogram, 3-fold baseColour accuracy', round(float((pred == C).mean()), 3))
