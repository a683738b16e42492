#!/usr/bin/python3
"""Training-free changes tried on descriptor-v2's vectors: whitening the HOG block, database-side augmentation.

Reproduces the "descriptor-v2 variants" figures in docs/benchmarks.md:
    /usr/bin/python3 -c "import csv;print('\\n'.join(r['id'] for r in csv.DictReader(open('../shared/data/fashion-products/styles.csv'))))" > /tmp/ids.txt
    java -cp lookalike-cli/target/lookalike.jar tools/descriptor-study/DumpDescriptorBlocks.java /tmp/ids.txt ../shared/data/fashion-products /tmp
    /usr/bin/python3 tools/descriptor-study/descriptor_variants.py ../shared/data/fashion-products /tmp
"""
import csv, sys
import numpy as np

root, dumps = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(f'{root}/styles.csv', encoding='utf-8')))
T = np.array([r['articleType'] for r in rows]); C = np.array([r['baseColour'] for r in rows]); N = len(rows)
dims = [288, 24, 156, 40]; offs = np.cumsum([0] + dims)
blocks = [np.fromfile(f'{dumps}/block{b}.f32', dtype='<f4').reshape(N, 508)[:, offs[b]:offs[b + 1]] for b in range(4)]


def l2n(V):
    n = np.linalg.norm(V, axis=1, keepdims=True); n[n == 0] = 1
    return (V / n).astype(np.float32)


def p_at_10(V, k=10):
    V = l2n(V); hits = np.zeros(2)
    for s in range(0, N, 1024):
        S = V[s:s + 1024] @ V.T
        S[np.arange(len(S)), np.arange(s, s + len(S))] = -9
        top = np.argpartition(-S, k, axis=1)[:, :k]
        for j, L in enumerate((T, C)):
            hits[j] += (L[top] == L[s:s + 1024, None]).sum()
    return np.round(hits / (N * k), 3)


v2 = l2n(np.concatenate([l2n(b) * w for b, w in zip(blocks, (1, .75, .65, .65))], axis=1))
print('descriptor-v2 (default weights)', p_at_10(v2))
hog = l2n(blocks[0])
print('HOG block alone', p_at_10(hog))
mu = hog.mean(0); Z = hog - mu; ev, U = np.linalg.eigh(Z.T @ Z / N); o = np.argsort(-ev)
for d in (64, 128, 256):
    e, u = ev[o][:d], U[:, o][:, :d]
    print(f'HOG block, PCA-whitened to {d} (epsilon = mean eigenvalue)', p_at_10((Z @ u) / np.sqrt(e + e.mean())))
S = v2 @ v2.T
for k in (2, 5):
    idx = np.argpartition(-S, k, axis=1)[:, :k]
    w = np.maximum(np.take_along_axis(S, idx, 1), 0) ** 3
    print(f'database-side augmentation, {k} neighbours (self included), weights cos^3', p_at_10((v2[idx] * w[..., None]).sum(1)))
