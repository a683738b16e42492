#!/usr/bin/python3
"""Loaders and scoring shared by the descriptor studies (descriptor_v3_study.py, random_features_study.py).

Importing this module reads sys.argv[1] (fashion-products root) and sys.argv[2] (folder of DumpDescriptorBlocks
dumps; the numpy canvases are cached there as canvases48.npz). See descriptor_v3_study.py for the commands.
"""
import csv, sys
import numpy as np
import scipy.ndimage as ndi
from PIL import Image

root, dumps = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(f'{root}/styles.csv', encoding='utf-8')))
T = np.array([r['articleType'] for r in rows]); Cl = np.array([r['baseColour'] for r in rows]); N = len(rows)
perm = np.random.default_rng(3).permutation(N); HALVES = (np.sort(perm[:N // 2]), np.sort(perm[N // 2:]))

def l2n(V):
    V = np.asarray(V, np.float32).reshape(len(V), -1)
    n = np.linalg.norm(V, axis=1, keepdims=True); n[n == 0] = 1
    return V / n

def ssq(V): return np.sign(V) * np.sqrt(np.abs(V))

def p10(V, q=None, k=10):
    q = np.arange(N) if q is None else q
    V = l2n(V[q]); hits = np.zeros(2)
    for s in range(0, len(q), 1024):
        S = V[s:s + 1024] @ V.T
        S[np.arange(len(S)), np.arange(s, s + len(S))] = -9
        top = np.argpartition(-S, k, axis=1)[:, :k]
        for j, L in enumerate((T[q], Cl[q])):
            hits[j] += (L[top] == L[s:s + 1024, None]).sum()
    return np.round(hits / (len(q) * k), 4)

def report(name, V, full=True):
    a, b = p10(V, HALVES[0]), p10(V, HALVES[1])
    f = p10(V) if full else (np.nan, np.nan)
    print(f'{name:60s} full {f[0]:.3f} {f[1]:.3f} | A {a[0]:.3f} {a[1]:.3f} | B {b[0]:.3f} {b[1]:.3f}', flush=True)
    return f, a, b

def blur(c):  # c [..., H, W], [1 2 1]/4 both axes, edge replicate
    p = np.pad(c, [(0, 0)] * (c.ndim - 2) + [(1, 1), (0, 0)], mode='edge')
    t = (p[..., :-2, :] + 2 * p[..., 1:-1, :] + p[..., 2:, :]) / 4
    p = np.pad(t, [(0, 0)] * (c.ndim - 2) + [(0, 0), (1, 1)], mode='edge')
    return (p[..., :, :-2] + 2 * p[..., :, 1:-1] + p[..., :, 2:]) / 4

def grads(rgb):  # rgb [N,3,H,W] -> gx, gy of the strongest channel
    p = np.pad(rgb, [(0, 0), (0, 0), (1, 1), (1, 1)], mode='edge')
    gx = p[:, :, 1:-1, 2:] - p[:, :, 1:-1, :-2]; gy = p[:, :, 2:, 1:-1] - p[:, :, :-2, 1:-1]
    m = gx * gx + gy * gy; best = np.argmax(m, axis=1)[:, None]
    return np.take_along_axis(gx, best, 1)[:, 0], np.take_along_axis(gy, best, 1)[:, 0]

def cell_matrix(n, cells):  # [n*n, cells*cells] bilinear spatial weights, out-of-range dropped
    cs = n / cells; c = (np.arange(n) + .5) / cs - .5; c0 = np.floor(c).astype(int); f = c - c0
    A = np.zeros((n, cells))
    for i in range(n):
        for d, wt in ((0, 1 - f[i]), (1, f[i])):
            if 0 <= c0[i] + d < cells: A[i, c0[i] + d] += wt
    return np.einsum('yr,xc->yxrc', A, A).reshape(n * n, cells * cells).astype(np.float32)

def orient(gx, gy, bins=9, signed=False, clip=None):  # -> [N, P, bins] soft-binned magnitudes
    mag = np.sqrt(gx * gx + gy * gy)
    if clip is not None: mag = np.minimum(mag, clip)
    ang = np.mod(np.arctan2(gy, gx), 2 * np.pi)
    period = 2 * np.pi if signed else np.pi
    ang = np.mod(ang, period)
    pos = ang / period * bins - .5; o0 = np.floor(pos).astype(int); fo = (pos - o0).astype(np.float32)
    b0 = np.mod(o0, bins); b1 = (b0 + 1) % bins
    Nn = gx.shape[0]; P = gx[0].size
    b0 = b0.reshape(Nn, P); b1 = b1.reshape(Nn, P); v0 = (mag * (1 - fo)).reshape(Nn, P); v1 = (mag * fo).reshape(Nn, P)
    O = np.zeros((Nn, P, bins), np.float32)
    for k in range(bins):
        O[..., k] = np.where(b0 == k, v0, 0) + np.where(b1 == k, v1, 0)
    return O

def fold(H, signed=False):  # mirror: column c, bin k  <-> column cells-1-c, mirrored bin
    cells, bins = H.shape[2], H.shape[3]
    if signed:  # angle a -> pi - a (mod 2pi); bin centres (k+.5)*2pi/bins -> index bins/2-1-k mod bins
        mk = np.mod(bins // 2 - 1 - np.arange(bins), bins)
    else:
        mk = bins - 1 - np.arange(bins)
    M = H[:, :, ::-1][..., mk]
    F = H + M
    return F[:, :, :(cells + 1) // 2]

def hog(rgb, cells=8, bins=9, signed=False, clip=None, do_blur=True, chunk=1024):
    """rgb [N,3,n,n] canvas -> [N, cells, cells, bins] (unfolded)."""
    n = rgb.shape[-1]; out = []
    S = cell_matrix(n, cells)
    for s in range(0, len(rgb), chunk):
        c = rgb[s:s + chunk]
        if do_blur: c = blur(c)
        gx, gy = grads(c)
        O = orient(gx, gy, bins, signed, clip)
        out.append(np.einsum('npb,pc->ncb', O, S).reshape(len(c), cells, cells, bins))
    return np.concatenate(out)


def weights(n, m):
    """Area-average resampling matrix from n to m samples (as ProductImageDescriptor.weights)."""
    W = np.zeros((m, n)); step = n / m
    for j in range(m):
        a, b = j * step, (j + 1) * step
        first = min(n - 1, int(np.floor(a))); last = min(n - 1, max(first, int(np.ceil(b)) - 1))
        for i in range(first, last + 1):
            W[j, i] = max(0, min(b, i + 1) - max(a, i))
        if W[j].sum() <= 0: W[j, first] = 1
        W[j] /= W[j].sum()
    return W


def canvases(im, C=48):
    """descriptor-v2's background/flood-fill/box, then the box stretched to CxC and letterboxed (aspect kept,
    padded with the background colour, mask 0) into CxC; each [4 (r, g, b, mask), C, C]."""
    im = im.astype(np.float32) / 255; h, w, _ = im.shape
    border = np.concatenate([im[0], im[-1], im[1:-1, 0], im[1:-1, -1]])
    bg = np.sort(border, axis=0)[len(border) // 2]
    lab, _ = ndi.label(np.abs(im - bg).max(axis=2) <= 0.09)
    edge = set(np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]))) - {0}
    fg = ~np.isin(lab, list(edge))
    if fg.sum() < max(4, h * w // 200): fg[:] = True
    ys, xs = np.nonzero(fg); y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    crop = np.concatenate([im, fg[..., None].astype(np.float32)], axis=2)[y0:y1, x0:x1]
    st = np.stack([weights(y1 - y0, C) @ crop[..., c] @ weights(x1 - x0, C).T for c in range(4)])
    s = max(y1 - y0, x1 - x0); py = (s - (y1 - y0)) // 2; px = (s - (x1 - x0)) // 2
    sq = np.empty((s, s, 4), np.float32); sq[..., :3] = bg; sq[..., 3] = 0
    sq[py:py + y1 - y0, px:px + x1 - x0] = crop
    lb = np.stack([weights(s, C) @ sq[..., c] @ weights(s, C).T for c in range(4)])
    return st.astype(np.float32), lb.astype(np.float32)


def _load_canvases():
    cache = f'{dumps}/canvases48.npz'  # the canvases take minutes in numpy; kept beside the block dumps
    try:
        z = np.load(cache); return z['st'], z['lb']
    except OSError:
        pairs = [canvases(np.asarray(Image.open(f"{root}/images/{r['id']}.jpg").convert('RGB'))) for r in rows]
        st = np.stack([p[0] for p in pairs]); lb = np.stack([p[1] for p in pairs])
        np.savez(cache, st=st, lb=lb); return st, lb


ST, LB = _load_canvases()
dims = [288, 24, 156, 40]; offs = np.cumsum([0] + dims)
jh, jg, jc, jt = [np.fromfile(f'{dumps}/block{b}.f32', dtype='<f4').reshape(N, 508)[:, offs[b]:offs[b + 1]] for b in range(4)]


def hb(H, signed=False): return l2n(ssq(fold(H, signed).reshape(len(H), -1)))
def cen(B): B = l2n(B); return l2n(B - B.mean(0))
def fuse(blocks, ws): return np.concatenate([l2n(b) * w for b, w in zip(blocks, ws)], 1)


def hys(H):
    """Per-cell L2 normalisation, clipped at 0.2 (Dalal-Triggs style, one cell per block)."""
    F = fold(H).reshape(len(H), -1, H.shape[-1]); F = F / (np.linalg.norm(F, axis=2, keepdims=True) + 1e-3)
    return l2n(ssq(np.minimum(F, .2).reshape(len(H), -1)))

