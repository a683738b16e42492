#!/usr/bin/python3
"""Training-free filter-bank features for a descriptor-v3 (issue 3), each checked on both halves of the seeded split.

Reproduces the "random filters, GIST, finer HOG, weight search" table in docs/benchmarks.md. Same inputs as
descriptor_v3_study.py (run its first two commands once), then:
    nice -n 19 /usr/bin/python3 tools/descriptor-study/random_features_study.py ../shared/data/fashion-products /tmp
Blocks tried on the letterboxed (L) and stretched (S) 48x48 product canvases of study_common.canvases:
  * seeded random filters (numpy default_rng(7)): K zero-mean unit-norm f x f filters over (luma, two
    colour-opponent channels), the bank closed under left-right mirroring so that pooled maps can be folded like the
    HOG block; rectified (|x|), average-pooled on a G x G grid, folded, signed square root, L2;
  * a second random layer (2x2 average pool, local contrast normalisation, 3x3 random filters over the K maps);
  * a Gabor-energy bank pooled on a grid (GIST-like: scales x orientations, quadrature pairs);
  * HOG with 12x12 cells and with finer orientation bins;
  * unsupervised PCA whitening of a block, fitted on the OTHER half's images (no labels), so that the figure on a
    half is what a descriptor shipping a fixed whitening matrix would give on products it has not seen.
Weights of the fused vector are searched on half A (best articleType at a baseColour no lower than descriptor-v2's
on A) and read on half B. Cells: articleType / baseColour precision@10, query left out, each half its own catalog.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from study_common import (ST, LB, HALVES, T, Cl, l2n, ssq, p10, hog, cen, fuse, jh, jg, jc, jt)

A, B = HALVES


def opponent(rgb):
    """[n,3,H,W] rgb in [0,1] -> luma and two opponent channels."""
    r, g, b = rgb[:, 0], rgb[:, 1], rgb[:, 2]
    return np.stack([.299 * r + .587 * g + .114 * b, (r - g) / np.sqrt(2), (r + g - 2 * b) / np.sqrt(6)], 1)


def bank(k, f, cin, seed=7):
    """k seeded zero-mean unit-norm filters [k, cin, f, f]; the second half is the first half mirrored."""
    w = np.random.default_rng(seed).standard_normal((k // 2, cin, f, f)).astype(np.float32)
    w -= w.mean((1, 2, 3), keepdims=True); w /= np.linalg.norm(w.reshape(k // 2, -1), axis=1)[:, None, None, None]
    return np.concatenate([w, w[..., ::-1]])


def conv(x, w, chunk=256):
    """'same' correlation, edge padding: x [n,cin,H,W], w [k,cin,f,f] -> [n,k,H,W]."""
    f = w.shape[-1]; p = f // 2; out = []
    W2 = w.reshape(len(w), -1).T
    for s in range(0, len(x), chunk):
        xp = np.pad(x[s:s + chunk], [(0, 0), (0, 0), (p, p), (p, p)], mode='edge')
        win = sliding_window_view(xp, (f, f), axis=(2, 3))  # n, cin, H, W, f, f
        n, cin, H, W = win.shape[:4]
        P = win.transpose(0, 2, 3, 1, 4, 5).reshape(n * H * W, cin * f * f)
        out.append((P @ W2).reshape(n, H, W, -1).transpose(0, 3, 1, 2))
    return np.concatenate(out)


def pool(maps, cells):
    """[n,k,H,H] -> [n,cells,cells,k] bilinear-weighted averages (as the HOG cells)."""
    from study_common import cell_matrix
    n, k, H, _ = maps.shape
    S = cell_matrix(H, cells); S = S / S.sum(0, keepdims=True)
    return np.einsum('nkp,pc->nck', maps.reshape(n, k, H * H), S).reshape(n, cells, cells, k)


def mirror_fold(P):
    """Pooled [n,cells,cells,k] with a mirror-closed bank (k/2 + mirrored k/2) -> folded like HOG."""
    k = P.shape[-1]; mk = np.r_[np.arange(k // 2, k), np.arange(k // 2)]
    F = P + P[:, :, ::-1][..., mk]
    return F[:, :, :(P.shape[2] + 1) // 2].reshape(len(P), -1)


def random_block(canvas, k=32, f=5, cells=4, rect='abs', seed=7, colour=True):
    x = opponent(canvas[:, :3]); x = x if colour else x[:, :1]
    m = conv(x, bank(k, f, x.shape[1], seed))
    if rect == 'abs': m = np.abs(m)
    elif rect == 'relu2': m = np.concatenate([np.maximum(m, 0), np.maximum(-m, 0)], 1)
    if rect == 'relu2':  # channel order: relu(+k), relu(-k); mirror map within each sign
        kk = k; P = pool(m, cells)
        pos, neg = P[..., :kk], P[..., kk:]
        return l2n(ssq(np.concatenate([mirror_fold(pos), mirror_fold(neg)], 1)))
    return l2n(ssq(mirror_fold(pool(m, cells))))


def lcn(m, eps=.05):
    """Subtractive + divisive normalisation across maps and a 3x3 neighbourhood."""
    mu = m.mean(1, keepdims=True)
    from scipy.ndimage import uniform_filter
    mu = uniform_filter(mu, size=(1, 1, 3, 3), mode='nearest'); d = m - mu
    sd = np.sqrt(uniform_filter((d * d).mean(1, keepdims=True), size=(1, 1, 3, 3), mode='nearest'))
    return d / np.maximum(sd, eps)


def two_layer_block(canvas, k1=16, k2=32, cells=4, seed=7):
    x = opponent(canvas[:, :3])
    m = np.abs(conv(x, bank(k1, 5, 3, seed)))
    n, k, H, _ = m.shape
    m = m.reshape(n, k, H // 2, 2, H // 2, 2).mean((3, 5))
    m = lcn(m)
    # mirror-closed second layer: the input maps of the mirrored filter are also the mirrored-partner channels
    w = np.random.default_rng(seed + 1).standard_normal((k2 // 2, k1, 3, 3)).astype(np.float32)
    w -= w.mean((1, 2, 3), keepdims=True); w /= np.linalg.norm(w.reshape(k2 // 2, -1), axis=1)[:, None, None, None]
    perm = np.r_[np.arange(k1 // 2, k1), np.arange(k1 // 2)]
    w = np.concatenate([w, w[:, perm][..., ::-1]])
    out = []
    for s in range(0, n, 512):
        out.append(np.abs(conv(m[s:s + 512], w)))
    return l2n(ssq(mirror_fold(pool(np.concatenate(out), cells))))


def gabor_bank(f=11, scales=(2., 3.5), orients=8):
    """Quadrature Gabor pairs [2*len(scales)*orients, f, f]: even then odd, bandwidth ~1 octave."""
    y, x = np.mgrid[-(f // 2):f // 2 + 1, -(f // 2):f // 2 + 1].astype(np.float32)
    ws = []
    for s in scales:
        lam = 2.5 * s
        for o in range(orients):
            t = np.pi * o / orients; xr = x * np.cos(t) + y * np.sin(t)
            env = np.exp(-(x * x + y * y) / (2 * s * s))
            e = env * np.cos(2 * np.pi * xr / lam); e -= e.mean() * (env / env.mean()); o_ = env * np.sin(2 * np.pi * xr / lam)
            ws.append((e / np.linalg.norm(e), o_ / np.linalg.norm(o_)))
    return ws


def gist_block(canvas, cells=4, scales=(2., 3.5), orients=8, channels=1):
    x = opponent(canvas[:, :3])[:, :channels]
    ws = gabor_bank(scales=scales, orients=orients); blocks = []
    for c in range(channels):
        W = np.stack([w for pair in ws for w in pair])[:, None]
        r = conv(x[:, c:c + 1], W)
        E = np.sqrt(r[:, 0::2] ** 2 + r[:, 1::2] ** 2)  # [n, S*O, H, W]
        P = pool(E, cells)  # [n, c, c, S*O]
        # mirror: orientation o -> (orients - o) mod orients, column c -> cells-1-c
        so = np.arange(len(scales) * orients).reshape(len(scales), orients)
        mk = so[:, (orients - np.arange(orients)) % orients].ravel()
        F = (P + P[:, :, ::-1][..., mk])[:, :, :(cells + 1) // 2]
        blocks.append(F.reshape(len(F), -1))
    return l2n(ssq(np.concatenate(blocks, 1)))


def whiten_cross(V, dim, eps_scale=1.):
    """PCA-whiten V; for half A's products fit on half B's images and vice versa (no labels)."""
    V = l2n(V); out = np.zeros((len(V), dim), np.float32)
    for fit, use in ((B, A), (A, B)):
        mu = V[fit].mean(0); Z = V[fit] - mu
        ev, U = np.linalg.eigh(Z.T @ Z / len(fit)); o = np.argsort(-ev)[:dim]
        e, u = ev[o], U[:, o]
        out[use] = ((V[use] - mu) @ u) / np.sqrt(e + eps_scale * e.mean())
    return out


def halves(name, V):
    a, b = p10(V, A), p10(V, B)
    print(f'{name:70s} A {a[0]:.3f} {a[1]:.3f} | B {b[0]:.3f} {b[1]:.3f}', flush=True)
    return a, b


def frontier(name, sh, base, g=.5, t=.5, cs=np.arange(.6, 1.21, .05)):
    """Fused (shape sh, centred geometry/colour/texture at weights 1/g/c/t): articleType gain over descriptor-v2
    interpolated to exactly descriptor-v2's baseColour on each half, as the colour weight c sweeps cs."""
    out = []
    for h, q in enumerate((A, B)):
        pts = np.array([p10(fuse([sh, cen(jg), cen(jc), cen(jt)], (1, g, c, t)), q) for c in cs])
        i = np.searchsorted(pts[:, 1], base[h][1])  # colour rises with c
        if i == 0 or i == len(cs): out.append(np.nan); continue
        f = (base[h][1] - pts[i - 1, 1]) / (pts[i, 1] - pts[i - 1, 1])
        out.append(pts[i - 1, 0] + f * (pts[i, 0] - pts[i - 1, 0]) - base[h][0])
    print(f'{name:70s} type gain at v2 colour: A {out[0]:+.3f} | B {out[1]:+.3f}', flush=True)


def fixed(name, sh, base, g=.5, t=.5):
    """Colour weight chosen on half A (best articleType with baseColour >= descriptor-v2's on A), read on half B."""
    best = None
    for c in np.arange(.6, 1.2, .025):
        a = p10(fuse([sh, cen(jg), cen(jc), cen(jt)], (1, g, c, t)), A)
        if a[1] >= base[0][1] and (best is None or a[0] > best[1][0]): best = (c, a)
    c, a = best; b = p10(fuse([sh, cen(jg), cen(jc), cen(jt)], (1, g, c, t)), B)
    print(f'{name:40s} c={c:.3f} chosen on A: A {a[0]:.3f} {a[1]:.3f} ({a[0] - base[0][0]:+.3f} / {a[1] - base[0][1]:+.3f})'
          f' | B {b[0]:.3f} {b[1]:.3f} ({b[0] - base[1][0]:+.3f} / {b[1] - base[1][1]:+.3f})', flush=True)


def product_fusion(sh):
    """Similarity-level check: does a product term (shape cosine x raw colour cosine) beat the linear sum?"""
    for name, q in (('A', A), ('B', B)):
        s = {k: l2n(V[q]) @ l2n(V[q]).T for k, V in (('sh', sh), ('g', cen(jg)), ('c', cen(jc)), ('craw', jc), ('t', cen(jt)))}
        def score(S):
            S = S.copy(); np.fill_diagonal(S, -9); top = np.argpartition(-S, 10, axis=1)[:, :10]
            return ' '.join(f'{(L[q][top] == L[q][:, None]).mean():.3f}' for L in (T, Cl))
        for c in (.8, .95):
            print(f'{name} linear, colour weight {c}: {score(s["sh"] + .25 * s["g"] + c * c * s["c"] + .25 * s["t"])}')
        for lam, c in ((.5, .5), (.5, .7), (1, .7), (2, .7)):
            S = s['sh'] + .25 * s['g'] + c * s['c'] + .25 * s['t'] + lam * s['sh'] * s['craw']
            print(f'{name} linear (colour {c}) + {lam} x shape*colour: {score(S)}')
        for pw in (1, 2):
            print(f'{name} (shape + .25 geom + .25 tex) x colour^{pw}: {score((s["sh"] + .25 * s["g"] + .25 * s["t"]) * s["craw"] ** pw)}')


if __name__ == '__main__':
    from study_common import hb
    v2 = fuse([jh, jg, jc, jt], (1, .75, .65, .65))
    base = halves('descriptor-v2 (Java blocks, weights 1/.75/.65/.65)', v2)
    halves('Java HOG block alone', jh)
    # 1. random filters and Gabor energy
    R = random_block(LB, 32, 5, 4, 'abs')
    halves('random L, luma+opponent, k=32 f=5 4x4 cells, |x|', R)
    halves('  same, PCA-whitened 128 (fitted on the other half)', whiten_cross(R, 128))
    halves('random S, same', random_block(ST, 32, 5, 4, 'abs'))
    halves('random L, luma+opponent, k=32 f=5 4x4, split ReLU', random_block(LB, 32, 5, 4, 'relu2'))
    halves('random L, luma only, k=32 f=5 4x4', random_block(LB, 32, 5, 4, 'abs', colour=False))
    halves('random L, luma+opponent, k=16 f=5 8x8', random_block(LB, 16, 5, 8, 'abs'))
    RG = random_block(LB, 16, 5, 8, 'abs', colour=False); halves('random L, luma only, k=16 f=5 8x8', RG)
    halves('two random layers L (16 5x5, pool 2, LCN, 32 3x3), 4x4', two_layer_block(LB))
    halves('Gabor energy (GIST-like) L, 2 scales x 8 orientations, 4x4', gist_block(LB, 4))
    G8 = gist_block(LB, 8); halves('Gabor energy L, 8x8', G8)
    # 2. finer HOG
    SL18 = np.concatenate([hb(hog(ST[:, :3], bins=18, signed=True), True), hb(hog(LB[:, :3], bins=18, signed=True), True)], 1)
    halves('S+L signed 18 (previous best shape block)', SL18)
    for lam in (.5, .8):
        halves(f'S+L signed 18 + {lam} x random L luma 8x8', np.concatenate([SL18, lam * RG], 1))
        halves(f'S+L signed 18 + {lam} x Gabor energy 8x8', np.concatenate([SL18, lam * G8], 1))
    SL12 = np.concatenate([hb(hog(ST[:, :3], cells=12, bins=18, signed=True), True),
                           hb(hog(LB[:, :3], cells=12, bins=18, signed=True), True)], 1)
    halves('S+L signed 18, 12x12 cells', SL12)
    halves('S+L signed 18, 8x8 + 0.7 x 12x12', np.concatenate([SL18, .7 * SL12], 1))
    halves('S+L signed 24 orientations, 8x8', np.concatenate([hb(hog(ST[:, :3], bins=24, signed=True), True),
                                                            hb(hog(LB[:, :3], bins=24, signed=True), True)], 1))
    halves('S+L unsigned 12 orientations, 8x8', np.concatenate([hb(hog(ST[:, :3], bins=12)), hb(hog(LB[:, :3], bins=12))], 1))
    # whitening fitted on the other half
    for d, e in ((128, 1.), (256, 1.), (256, .5), (256, 2.)):
        halves(f'S+L signed 18, PCA-whitened {d} (eps x{e}, other half)', whiten_cross(SL18, d, e))
    halves('colour block, PCA-whitened 96 (other half)', whiten_cross(jc, 96))
    halves('descriptor-v2 whole vector, PCA-whitened 256 (other half)', whiten_cross(v2, 256))
    # 3. fused: gain at equal colour, then weights chosen on A and read on B
    frontier('S+L signed 18 centred, g=t=.5', cen(SL18), base)
    for d in (96, 128, 160, 192, 256, 384):
        frontier(f'W(S+L signed 18) {d}, g=t=.5', whiten_cross(SL18, d), base)
    W = whiten_cross(SL18, 160)
    for g, t in ((.25, .25), (.25, .5), (.5, .25), (.75, .5), (.5, .75)):
        frontier(f'W(S+L signed 18) 160, g={g} t={t}', W, base, g, t)
    frontier('W(S+L signed 18 | 12x12) 384', whiten_cross(np.concatenate([SL18, SL12], 1), 384), base)
    frontier('W(S+L signed 18 | random | Gabor) 384', whiten_cross(np.concatenate([SL18, RG, G8], 1), 384), base)
    fixed('S+L signed 18 centred', cen(SL18), base)
    for d in (128, 160, 192):
        fixed(f'W(S+L signed 18) {d}', whiten_cross(SL18, d), base)
    product_fusion(W)
    Z = l2n(SL18) - l2n(SL18).mean(0); ev, U = np.linalg.eigh(Z.T @ Z / len(Z)); o = np.argsort(-ev)[:160]
    Wf = (Z @ U[:, o]) / np.sqrt(ev[o] + ev[o].mean())  # fitted on the whole catalog: not a held-out figure
    print('full catalog: descriptor-v2', p10(v2), '| W(S+L signed 18) 160 fitted on all, 1/.5/.875/.5',
          p10(fuse([Wf, cen(jg), cen(jc), cen(jt)], (1, .5, .875, .5))))
