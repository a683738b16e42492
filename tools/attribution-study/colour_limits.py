#!/usr/bin/python3
"""What limits image-only baseColour on fashion-products (issue 6): pictures shared by products of different colours,
and the confusions of the descriptor + CNN colour space.

1. Groups of pixel-identical pictures (RMS difference under 1 % of the range on the 60x80 RGB pixels, joined
   transitively): a model that gives one answer for one picture gets at least (size - majority) of each group wrong.
2. With descriptor-v2 vectors and cnn_attribution_study.py --save folders: per outer fold, the colour LDA on descriptor
   + CNN side by side (study_lda.py, shrinkage 0.01, power 0.5), held-out products voting among the training folds'
   (k 20, weight sim^4); accuracy and the most frequent confusions over all held-out predictions.

    /usr/bin/python3 tools/attribution-study/colour_limits.py ../shared/data/fashion-products \\
        /tmp/fashion-products-60x80.npz /tmp/cnn30/descriptor-v2.f32 /tmp/cnn30
(the .npz is cnn_attribution_study.py's picture cache; the .f32 from DumpImageVectors.java)
"""
import csv
import sys
from collections import Counter

import numpy as np

from study_lda import l2n, lda, vote_shares

root, cache, descriptor, cnn = sys.argv[1:5]
names, y = np.unique([r['baseColour'] for r in csv.DictReader(open(f'{root}/styles.csv', encoding='utf-8'))],
                     return_inverse=True)
N, ncls = len(y), len(names)

x = np.load(cache)['x']
V = x.reshape(N, -1).astype(np.float32) / 255
sq = (V ** 2).sum(1)
parent = np.arange(N)


def find(a):
    while parent[a] != a:
        parent[a] = parent[parent[a]]
        a = parent[a]
    return a


for i in range(0, N, 512):
    D = np.sqrt(np.maximum(sq[i:i + 512, None] + sq[None, :] - 2 * V[i:i + 512] @ V.T, 0) / V.shape[1])
    for a, b in zip(*np.where(D < 0.01)):
        if a + i < b:
            parent[find(a + i)] = find(b)
groups = {}
for i in range(N):
    groups.setdefault(find(i), []).append(i)
shared = [g for g in groups.values() if len(g) > 1]
lost = sum(len(g) - max(Counter(y[g]).values()) for g in shared)
print(f'pixel-identical pictures: {len(shared)} groups, {sum(map(len, shared))} products, at least {lost} wrong for any '
      f'image-only predictor (accuracy at most {1 - lost / N:.4f})')

X = l2n(np.fromfile(descriptor, dtype='<f4').reshape(N, -1))
errors, right = Counter(), 0
for f in range(5):
    z = np.load(f'{cnn}/fold{f}-embeddings.npz')
    tr, te = z['tr'], z['te']
    F = np.hstack([X, l2n(z['e'])])
    mu, R = lda(F[tr], y[tr])
    G = l2n((F - mu) @ R)
    p = vote_shares(G[tr], G[te], np.eye(ncls)[y[tr]]).argmax(1)
    right += (p == y[te]).sum()
    errors.update((names[a], names[b]) for a, b in zip(y[te], p) if a != b)
print(f'descriptor + CNN colour space, k 20, power 4: accuracy {right / N:.4f}; most frequent confusions:')
for (a, b), n in errors.most_common(8):
    print(f'  {a} -> {b}: {n}')
