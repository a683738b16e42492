#!/usr/bin/python3
"""Can the image-only kNN vote reach baseColour accuracy 0.65 on fashion-products? (issue 6; a negative result)

Reproduces the "baseColour: what was tried" table in docs/benchmarks.md. Needs Debian's python3-numpy, python3-scipy,
python3-pil and python3-sklearn (run with /usr/bin/python3) and the descriptor-v2 blocks dumped by
tools/descriptor-study/DumpDescriptorBlocks.java:

    python3 -c "import csv;print('\\n'.join(r['id'] for r in csv.DictReader(open('../shared/data/fashion-products/styles.csv'))))" > /tmp/ids.txt
    java --add-modules jdk.incubator.vector -cp lookalike-cli/target/lookalike.jar \\
        tools/descriptor-study/DumpDescriptorBlocks.java /tmp/ids.txt ../shared/data/fashion-products /tmp/blocks
    nice -n 19 /usr/bin/python3 tools/attribution-study/colour_attribution_study.py ../shared/data/fashion-products /tmp/blocks

Protocol (a screen, deliberately optimistic): 5 folds (numpy permutation, seed 42); each space is fitted on the
training folds only; held-out products vote among their 50 nearest training products (cosine); the figure is the
mean over folds of the BEST vote option on the held-out fold itself (k in 1/5/10/20/35/50, power in
0/1/4/16/64/256), i.e. an upper bound of what nested selection would give. The LDA mirrors LdaFitter (shrinkage
towards trace/p, eigen-power scaling, min class size 2). Classifier rows (logistic regression, RBF SVM) are
ceilings for these features, not kNN votes.
"""
import csv, sys, time
import numpy as np
import scipy.ndimage as ndi
from PIL import Image

from study_lda import codes, knn_best, l2n, lda

root = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/fashion-products'
blocks = sys.argv[2] if len(sys.argv) > 2 else '/tmp/blocks'
rows = list(csv.DictReader(open(f'{root}/styles.csv', encoding='utf-8')))
T = np.array([r['articleType'] for r in rows]); C = np.array([r['baseColour'] for r in rows]); N = len(rows)
start = time.time()


# descriptor-v2 with its default block weights, rebuilt from the per-block dumps
X = l2n(sum(w * np.fromfile(f'{blocks}/block{b}.f32', dtype='<f4').reshape(N, 508)
            for b, w in enumerate((1.0, 0.75, 0.65, 0.65))))
yc, yt = codes(C), codes(T)
FOLDS = [np.sort(p) for p in np.array_split(np.random.RandomState(42).permutation(N), 5)]


def row(name, space, y=yc):
    """space(train, test) -> (train vectors, test vectors), fitted on train only."""
    acc = []
    for te in FOLDS:
        tr = np.setdiff1d(np.arange(N), te)
        a, b = space(tr, te)
        acc.append(knn_best(l2n(a), l2n(b), y[tr], y[te], y.max() + 1))
    print(f'| {name} | {np.mean(acc):.4f} | {time.time() - start:.0f} s |', flush=True)


def lda_space(F, y=yc, **kw):
    def space(tr, te):
        mu, R = lda(F[tr], y[tr], **kw)
        return (F[tr] - mu) @ R, (F[te] - mu) @ R
    return space


# extra image-derived colour features of the product pixels (60x80, background flood-filled as descriptor-v2 does)
def foreground(im, tol=0.09):
    im = im.astype(np.float32) / 255
    med = np.median(np.concatenate([im[0], im[-1], im[:, 0], im[:, -1]]), axis=0)
    lab, _ = ndi.label(np.abs(im - med).max(axis=2) <= tol)
    edge = set(np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]))) - {0}
    m = ~np.isin(lab, list(edge))
    return m if m.sum() >= 20 else np.ones_like(m)


IM = np.stack([np.asarray(Image.open(f"{root}/images/{r['id']}.jpg").convert('RGB').resize((60, 80))) for r in rows])
MASK = np.stack([foreground(im) for im in IM])
q = IM.astype(np.int32) * 8 // 256; bins = q[..., 0] * 64 + q[..., 1] * 8 + q[..., 2]
H8 = np.stack([np.bincount(bins[i].ravel(), weights=MASK[i].ravel().astype(float), minlength=512) for i in range(N)])
H8 = l2n(np.sqrt(H8 / H8.sum(1, keepdims=True)))


def lab(rgb):
    c = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = c @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz /= np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


LAB = lab(IM.astype(np.float32) / 255)
Q = []
for i in range(N):  # percentiles 10/25/50/75/90 of L, a, b and chroma: whole product and its three horizontal bands
    m = MASK[i]; r = np.where(m.any(1))[0]; r0, h = r.min(), r.max() + 1 - r.min(); f = []
    for a, b in ((0, 1), (0, 1 / 3), (1 / 3, 2 / 3), (2 / 3, 1)):
        mm = m.copy(); mm[:r0 + int(a * h)] = 0; mm[r0 + int(np.ceil(b * h)):] = 0
        P = LAB[i][mm] if mm.sum() >= 5 else LAB[i][m]
        for v in (P[:, 0], P[:, 1], P[:, 2], np.hypot(P[:, 1], P[:, 2])):
            f += list(np.percentile(v, (10, 25, 50, 75, 90)))
    Q.append(f)
Q = np.array(Q); Q = (Q - Q.mean(0)) / Q.std(0)
print(f'features ready, {time.time() - start:.0f} s\n\n| space (vote: best k/power on the held-out fold) | baseColour | elapsed |\n|---|---|---|')

row('descriptor-v2, no projection', lambda tr, te: (X[tr], X[te]))
row('colour LDA (shrinkage 0.01, power 0.5): the shipped space', lda_space(X))
row('colour LDA, shrinkage 0.03', lda_space(X, shrink=0.03))
row('colour LDA, power 0', lda_space(X, power=0))


def two_block(tr, te, wt=0.3):
    mu, Rc = lda(X[tr], yc[tr]); _, Rt = lda(X[tr], yt[tr], power=0)
    R = np.hstack([Rc / np.linalg.norm((X[tr] - mu) @ Rc) , wt * Rt / np.linalg.norm((X[tr] - mu) @ Rt)])
    return (X[tr] - mu) @ R, (X[te] - mu) @ R


row('colour LDA + articleType LDA block (weight 0.3)', two_block)


def joint(tr, te, minimum=20):
    pair = np.array([a + '|' + b for a, b in zip(T[tr], C[tr])]); u, cnt = np.unique(pair, return_counts=True)
    rare = np.isin(pair, u[cnt < minimum]); pair[rare] = np.array(['*|' + c for c in C[tr][rare]])
    mu, R = lda(X[tr], codes(pair))
    return (X[tr] - mu) @ R, (X[te] - mu) @ R


row('LDA on the joint label articleType x baseColour (pairs < 20 merged by colour)', joint)
rs = np.random.RandomState(1); Wr = rs.normal(0, np.sqrt(2.0), (508, 2000)); br = rs.uniform(0, 2 * np.pi, 2000)
row('colour LDA on 2,000 random Fourier features (RBF, gamma 1)', lda_space(np.sqrt(2 / 2000) * np.cos(X @ Wr + br)))
row('colour LDA on descriptor + RGB 8x8x8 product histogram (sqrt)', lda_space(np.hstack([X, H8])))
row('colour LDA on descriptor + Lab percentiles (x0.1)', lda_space(np.hstack([X, 0.1 * Q])))
row('colour LDA on descriptor + Lab percentiles (x0.1), shrinkage 0.03', lda_space(np.hstack([X, 0.1 * Q]), shrink=0.03))

from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC
for name, make, F in (('logistic regression (C 10) on descriptor', lambda: LogisticRegression(C=10, max_iter=1000), X),
                      ('RBF SVM (C 10, gamma 1) on descriptor + RGB histogram', lambda: SVC(C=10, gamma=1), np.hstack([X, H8]))):
    acc = [(make().fit(F[np.setdiff1d(np.arange(N), te)], yc[np.setdiff1d(np.arange(N), te)]).predict(F[te]) == yc[te]).mean()
           for te in FOLDS]
    print(f'| ceiling: {name} | {np.mean(acc):.4f} | {time.time() - start:.0f} s |', flush=True)
