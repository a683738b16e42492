#!/usr/bin/env python3
"""Feasibility study (issue 6): does a small CNN trained on the catalog's own labels reach baseColour >= 0.65, image only?

For each outer fold a small CNN (4 conv blocks, BN, ReLU, global average pooling, a 128-d embedding, two softmax heads:
articleType and baseColour) is trained on the four training folds only, with light augmentation (horizontal flip, shifts
of up to 4 px, no colour changes). On the held-out fold it reports (a) the heads' accuracy and (b) the accuracy of a
similarity-weighted kNN vote on the L2-normalised embedding: held-out products vote among their k nearest training-fold
products (cosine), weight sim^4, k fixed in advance (--k, default 15; 10 and 20 are printed too, not used to pick).

Folds: exactly those of `lookalike attribute-eval` (dev.lookalike.eval.Folds.split(n, 5, 42)): products in styles.csv
order, shuffled by a Fisher-Yates over java.util.SplittableRandom(42), dealt round-robin. SplittableRandom is
reimplemented below (checked against the JDK for this n).

Usage (Debian python3-torch, numpy, PIL: /usr/bin/python3):
       nice -n 19 /usr/bin/python3 tools/attribution-study/cnn_attribution_study.py ../shared/data/fashion-products
       [--folds 0,1,2,3,4 | --folds all] [--epochs 8] [--cosine 16] [--threads 2] [--out results.json] [--save DIR]
       [--widths 32,64,128,256] [--dim 128] [--pool 1] [--type-weight 1] [--seed 0]
       [--label-smoothing 0] [--mixup 0] [--channels-last] [--attention-pool] [--supcon 0] [--supcon-temperature 0.1]

--widths, --dim, --pool (average-pool the picture first, inside the exported graph), --type-weight (of the articleType
loss), --seed (added to the per-fold seeds), --label-smoothing and --mixup (regularisers), --attention-pool (a learned
weighting of the last block's positions instead of their mean), --supcon (a supervised contrastive baseColour loss
on the embedding itself, the space the kNN vote searches) train a different model
on the same folds: a second encoder for an ensemble such as `descriptor-v2+onnx:A/fold{fold}.card.json+onnx:B/fold{fold}.card.json`.

--save DIR exports each trained backbone + embedding to DIR/foldF.onnx with its model card DIR/foldF.card.json
(docs/model-card.md), for `lookalike attribute-eval --fold-image-encoder 'descriptor-v2+onnx:DIR/fold{fold}.card.json'`.
--folds all trains one model on every product (no evaluation) and exports DIR/all.onnx and DIR/all.card.json: the
encoder a catalog's index is built with (`--image-encoder descriptor-v2+onnx:DIR/all.card.json`).
"""
import argparse
import csv
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

M64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


class SplittableRandom:
    """java.util.SplittableRandom(seed): nextInt(bound) as in jdk.internal.util.random.RandomSupport.boundedNextInt."""

    def __init__(self, seed):
        self.seed = seed & M64

    def _next_int(self):
        self.seed = (self.seed + GOLDEN_GAMMA) & M64
        z = self.seed
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & M64
        r = ((((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & M64) >> 32)
        return r - (1 << 32) if r >= 1 << 31 else r  # Java int

    def next_int(self, bound):
        r = self._next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if ((u + m - r + (1 << 31)) & 0xFFFFFFFF) - (1 << 31) >= 0:  # Java int overflow check
                return r
            u = (self._next_int() & 0xFFFFFFFF) >> 1


def java_folds(n, k, seed):
    order = list(range(n))
    rnd = SplittableRandom(seed)
    for i in range(n - 1, 0, -1):
        j = rnd.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    return [np.sort(np.array(order[f::k])) for f in range(k)]


def load(root, cache):
    rows = list(csv.DictReader(open(os.path.join(root, 'styles.csv'), newline='', encoding='utf-8')))
    if cache and os.path.exists(cache):
        z = np.load(cache, allow_pickle=False)
        return z['x'], z['t'], z['c']
    xs, ts, cs = [], [], []
    for r in rows:
        p = os.path.join(root, 'images', r['id'].strip() + '.jpg')
        if not os.path.exists(p):
            continue
        im = Image.open(p).convert('RGB')
        if im.size != (60, 80):
            im = im.resize((60, 80), Image.BILINEAR)
        xs.append(np.asarray(im, dtype=np.uint8))
        ts.append(r['articleType'].strip())
        cs.append(r['baseColour'].strip())
    x, t, c = np.stack(xs), np.array(ts), np.array(cs)
    if cache:
        np.savez(cache, x=x, t=t, c=c)
    return x, t, c


def block(i, o):
    return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True),
                         nn.MaxPool2d(2))


class CosineHead(nn.Module):
    """Logits = scale x cosine(embedding, class weight): the classes live on the unit sphere the kNN vote searches."""

    def __init__(self, dim, n, scale):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n, dim) * 0.01)
        self.scale = scale

    def forward(self, e):
        return self.scale * F.normalize(e, dim=1) @ F.normalize(self.weight, dim=1).T


class AttentionPool(nn.Module):
    """Weighted mean over positions, weights a softmax of a 1x1 convolution: the net learns where the product is."""

    def __init__(self, channels):
        super().__init__()
        self.score = nn.Conv2d(channels, 1, 1)

    def forward(self, f):
        w = torch.softmax(self.score(f).flatten(2), dim=2)
        return (f.flatten(2) * w).sum(2)


class MeanPool(nn.Module):
    def forward(self, f):
        return f.mean((2, 3))


class Net(nn.Module):
    def __init__(self, n_type, n_colour, widths=(32, 64, 128, 256), dim=128, cosine=0.0, pool=1, attention=False):
        super().__init__()
        chans = (3,) + tuple(widths)
        blocks = [block(chans[i], chans[i + 1]) for i in range(len(widths))]
        if attention:
            # the last block keeps its resolution (its max-pool dropped, same convolution cost): more positions to weigh
            blocks[-1] = nn.Sequential(*list(blocks[-1])[:-1])
        # pool > 1 averages pool x pool pixels first (inside the exported graph): a cheaper net on a smaller picture
        self.features = nn.Sequential(*([nn.AvgPool2d(pool)] if pool > 1 else []), *blocks)
        self.pooling = AttentionPool(widths[-1]) if attention else MeanPool()
        self.embed = nn.Linear(widths[-1], dim)
        self.cosine = cosine > 0
        if self.cosine:
            self.type_head, self.colour_head = CosineHead(dim, n_type, cosine), CosineHead(dim, n_colour, cosine)
        else:
            self.type_head, self.colour_head = nn.Linear(dim, n_type), nn.Linear(dim, n_colour)

    def forward(self, x):
        e = self.embed(self.pooling(self.features(x)))
        h = e if self.cosine else F.relu(e)
        return e, self.type_head(h), self.colour_head(h)


class Embedding(nn.Module):
    """The part exported to ONNX: image [N, 3, 80, 60] (normalised as in training) to the L2-normalised embedding."""

    def __init__(self, net):
        super().__init__()
        self.features, self.pooling, self.embed = net.features, net.pooling, net.embed

    def forward(self, x):
        return F.normalize(self.embed(self.pooling(self.features(x))), dim=1)


def augment(x, gen):
    """Horizontal flip and shifts of up to 4 px (zero padding); no colour changes."""
    flip = torch.rand(x.shape[0], generator=gen) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    dx, dy = (int(v) for v in torch.randint(-4, 5, (2,), generator=gen))
    x = F.pad(x, (4, 4, 4, 4))
    return x[:, :, 4 + dy:4 + dy + 80, 4 + dx:4 + dx + 60]


def supcon(e, y, temperature):
    """Supervised contrastive loss (Khosla et al. 2020) over the batch: each picture pulled towards the others of its
    baseColour on the unit sphere, pushed from the rest; pictures alone with their colour in the batch do not count."""
    z = F.normalize(e, dim=1)
    eye = torch.eye(len(y), dtype=torch.bool)
    s = (z @ z.T / temperature).masked_fill(eye, -1e9)
    log_p = s - torch.logsumexp(s, dim=1, keepdim=True)
    positive = (y[:, None] == y[None, :]) & ~eye
    count = positive.sum(1)
    has = count > 0
    return -((log_p * positive).sum(1)[has] / count[has]).mean()


def vote(Etr, ytr, Ete, k, power=4.0, n_classes=None):
    S = Ete @ Etr.T
    idx = np.argpartition(-S, k, axis=1)[:, :k]
    sims = np.take_along_axis(S, idx, 1)
    w = np.maximum(sims, 0) ** power
    scores = np.zeros((len(Ete), n_classes))
    np.add.at(scores, (np.repeat(np.arange(len(Ete)), k), ytr[idx].ravel()), w.ravel())
    return scores.argmax(1)


def run_fold(f, folds, X, yt, yc, nt, nc, args):
    torch.manual_seed(1000 + f + 100 * args.seed)
    np.random.seed(1000 + f + 100 * args.seed)
    gen = torch.Generator().manual_seed(2000 + f + 100 * args.seed)
    te = folds[f] if f >= 0 else np.array([], dtype=np.int64)
    tr = np.sort(np.concatenate([folds[g] for g in range(len(folds)) if g != f]))
    name = f'fold{f}' if f >= 0 else 'all'
    net = Net(nt, nc, widths=tuple(int(w) for w in args.widths.split(',')), dim=args.dim, cosine=args.cosine,
              pool=args.pool, attention=args.attention_pool)
    if args.channels_last:
        net = net.to(memory_format=torch.channels_last)
    steps_per_epoch = (len(tr) + args.batch - 1) // args.batch
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch)
    Xtr, ttr, ctr = X[tr], torch.from_numpy(yt[tr]), torch.from_numpy(yc[tr])
    start = time.time()
    for ep in range(args.epochs):
        net.train()
        perm = torch.randperm(len(tr), generator=gen)
        total = 0.0
        for s in range(steps_per_epoch):
            b = perm[s * args.batch:(s + 1) * args.batch]
            xb = augment(Xtr[b], gen)
            if args.channels_last:
                xb = xb.contiguous(memory_format=torch.channels_last)
            ls = args.label_smoothing
            if args.mixup > 0:
                # mixup: each picture blended with another of the batch, both losses weighted by the blend
                lam = float(np.random.beta(args.mixup, args.mixup))
                other = torch.randperm(len(b), generator=gen)
                _, lt, lc = net(lam * xb + (1 - lam) * xb[other])
                loss = sum(w * (args.type_weight * F.cross_entropy(lt, ttr[b][o], label_smoothing=ls)
                                + F.cross_entropy(lc, ctr[b][o], label_smoothing=ls))
                           for w, o in ((lam, slice(None)), (1 - lam, other)))
            else:
                e, lt, lc = net(xb)
                loss = (args.type_weight * F.cross_entropy(lt, ttr[b], label_smoothing=ls)
                        + F.cross_entropy(lc, ctr[b], label_smoothing=ls))
                if args.supcon > 0:
                    loss = loss + args.supcon * supcon(e, ctr[b], args.supcon_temperature)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss) * len(b)
        print(f'  {name} epoch {ep + 1}/{args.epochs}: loss {total / len(tr):.3f}, {time.time() - start:.0f} s', flush=True)
    train_s = time.time() - start
    net.eval()
    with torch.no_grad():
        outs = [net(X[i:i + 512]) for i in range(0, len(X), 512)]
    E = torch.cat([o[0] for o in outs]).numpy()
    E /= np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-12)
    pt = torch.cat([o[1] for o in outs]).argmax(1).numpy()
    pc = torch.cat([o[2] for o in outs]).argmax(1).numpy()
    r = {'fold': name, 'train': int(len(tr)), 'heldOut': int(len(te)), 'epochs': args.epochs, 'trainSeconds': round(train_s, 1),
         'headColour': None, 'headType': None}
    if len(te):
        r['headColour'], r['headType'] = float((pc[te] == yc[te]).mean()), float((pt[te] == yt[te]).mean())
        for k in (10, 15, 20):
            r[f'knnColour{k}'] = float((vote(E[tr], yc[tr], E[te], k, n_classes=nc) == yc[te]).mean())
            r[f'knnType{k}'] = float((vote(E[tr], yt[tr], E[te], k, n_classes=nt) == yt[te]).mean())
    print(json.dumps(r), flush=True)
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        np.savez(os.path.join(args.save, f'{name}-embeddings.npz'), e=E, tr=tr, te=te)
        emb = Embedding(net).eval()
        torch.onnx.export(emb, torch.zeros(1, 3, 80, 60), os.path.join(args.save, f'{name}.onnx'),
                          input_names=['image'], output_names=['embedding'],
                          dynamic_axes={'image': {0: 'n'}, 'embedding': {0: 'n'}}, opset_version=13)
        write_card(args.save, name, E.shape[1])
    return r


def write_card(folder, name, dimension):
    """docs/model-card.md: the export as `--image-encoder onnx:FOLDER/NAME.card.json` (training's input normalisation)."""
    import hashlib
    model = f'{name}.onnx'
    digest = hashlib.sha256(open(os.path.join(folder, model), 'rb').read()).hexdigest()
    card = {'format': 1, 'kind': 'image', 'file': model, 'sha256': digest, 'dimension': int(dimension),
            'input': {'width': 60, 'height': 80, 'resize': 'stretch', 'interpolation': 'bilinear',
                      'pixelScale': 'zero-to-one', 'mean': [0.5, 0.5, 0.5], 'std': [0.25, 0.25, 0.25],
                      'channelOrder': 'RGB', 'layout': 'NCHW'},
            'output': 'embedding'}
    json.dump(card, open(os.path.join(folder, f'{name}.card.json'), 'w'), indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('catalog')
    ap.add_argument('--folds', default='0,1,2,3,4',
                    help='outer folds to train and evaluate, or "all": one model on every product (production; no evaluation)')
    ap.add_argument('--epochs', type=int, default=8)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--cache', default='/tmp/fashion-products-60x80.npz')
    ap.add_argument('--out', default=None)
    ap.add_argument('--cosine', type=float, default=0.0, help='cosine heads with this logit scale (0: linear heads)')
    ap.add_argument('--save', default=None, help='folder for each fold\'s embeddings (npz) and ONNX export')
    ap.add_argument('--widths', default='32,64,128,256', help='channels of the conv blocks (each halves the picture)')
    ap.add_argument('--dim', type=int, default=128, help='embedding dimension')
    ap.add_argument('--pool', type=int, default=1, help='average-pool the picture by this factor before the blocks')
    ap.add_argument('--type-weight', type=float, default=1.0, help='weight of the articleType loss (baseColour: 1)')
    ap.add_argument('--channels-last', action='store_true',
                    help='NHWC tensors in training (faster on CPU: docs/benchmarks.md, session 6; the export is unchanged)')
    ap.add_argument('--attention-pool', action='store_true',
                    help='attention-weighted pooling over the last block, kept at twice the resolution (not a plain mean)')
    ap.add_argument('--label-smoothing', type=float, default=0.0, help='label smoothing of both losses')
    ap.add_argument('--mixup', type=float, default=0.0, help='mixup with Beta(a, a) blends (0: none)')
    ap.add_argument('--supcon', type=float, default=0.0,
                    help='weight of a supervised contrastive baseColour loss on the embedding (0: none; not with --mixup)')
    ap.add_argument('--supcon-temperature', type=float, default=0.1, help='temperature of --supcon')
    ap.add_argument('--seed', type=int, default=0, help='added to the per-fold seeds (a second model, same folds)')
    args = ap.parse_args()
    if args.supcon > 0 and args.mixup > 0:
        ap.error(f'--supcon {args.supcon} needs hard labels: it cannot be combined with --mixup {args.mixup}')
    torch.set_num_threads(args.threads)
    x, t, c = load(args.catalog, args.cache)
    types, yt = np.unique(t, return_inverse=True)
    colours, yc = np.unique(c, return_inverse=True)
    X = torch.from_numpy(x).permute(0, 3, 1, 2).float().div(255).sub(0.5).div(0.25).contiguous()
    folds = java_folds(len(x), 5, 42)
    print(f'{len(x)} products with an image, {len(types)} articleTypes, {len(colours)} baseColours, folds '
          f'{[len(fl) for fl in folds]}', flush=True)
    results = []
    for f in ([-1] if args.folds == 'all' else [int(s) for s in args.folds.split(',')]):
        results.append(run_fold(f, folds, X, yt.astype(np.int64), yc.astype(np.int64), len(types), len(colours), args))
        if args.out:
            json.dump(results, open(args.out, 'w'), indent=1)
    keys = [k for k in results[0] if k.startswith(('head', 'knn')) and results[0][k] is not None]
    print('mean over folds ' + ', '.join(f'{k} {np.mean([r[k] for r in results]):.4f}' for k in keys))


if __name__ == '__main__':
    main()
