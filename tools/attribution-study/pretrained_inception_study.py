#!/usr/bin/python3
"""What does a pretrained Inception V3, the seed's model, give on fashion-products? (issues 3 and 6, ninth session)

No model hub is reachable here, but the npm registry is, and the nsfwjs package (MIT, Infinite Red) bundles a Keras
Inception V3 as a TF.js layers model: ImageNet weights, layers up to mixed5 frozen (`trainable: false`), mixed6 to
mixed10 and a dense head fine-tuned on its five NSFW classes, every weight tensor quantised to uint8 (min + scale * q).
So mixed0 to mixed5 are ImageNet features, through an 8-bit copy of the weights. This script runs that network in
PyTorch (a small interpreter of the Keras layer list, NCHW, batch norm folded), checks it against TF.js itself, pools
the outputs of a few mixed blocks, and scores them as the other studies do:

    mkdir -p /tmp/incv3 && (cd /tmp/incv3 && npm pack nsfwjs@4.3.0 && tar xzf nsfwjs-4.3.0.tgz)
    /usr/bin/python3 tools/attribution-study/pretrained_inception_study.py prepare /tmp/incv3/package /tmp/incv3
    (cd /tmp/incv3 && npm install --no-audit --no-fund @tensorflow/tfjs@4.22.0)
    /usr/bin/python3 tools/attribution-study/pretrained_inception_study.py check /tmp/incv3
    /usr/bin/python3 tools/attribution-study/pretrained_inception_study.py embed /tmp/incv3 \\
        ../shared/data/fashion-products --height 200 --width 150 \\
        --out /tmp/incv3/inc-200.npz        # about 3.5 min on 2 cores; --cache as cnn_attribution_study.py's
    /usr/bin/python3 tools/attribution-study/pretrained_inception_study.py precision /tmp/incv3/inc-200.npz \\
        ../shared/data/fashion-products /tmp/cnn30/descriptor-v2.f32
    /usr/bin/python3 tools/attribution-study/pretrained_inception_study.py screen /tmp/incv3/inc-200.npz \\
        ../shared/data/fashion-products /tmp/cnn30/descriptor-v2.f32 --attribute baseColour \\
        [--ensemble /tmp/cnn30 /tmp/cnn30b /tmp/colnet /tmp/colnet2 /tmp/cnnd /tmp/cnne /tmp/cnnf]

The engine's own path (the inception-v3 preset: 299x299 stretched, [-1, 1], NHWC) on one block, pooled and
square-rooted inside the exported graph, compared with this script's vectors of the same pictures:

    /usr/bin/python3 tools/attribution-study/pretrained_inception_study.py export /tmp/incv3 --block mixed4 \\
        --out /tmp/incv3/mixed4.onnx                     # and mixed4.card.json beside it
    java --add-modules jdk.incubator.vector -cp lookalike-cli/target/lookalike.jar \\
        tools/attribution-study/DumpImageVectors.java ../shared/data/fashion-products \\
        onnx:/tmp/incv3/mixed4.card.json /tmp/incv3/mixed4-java.f32
    /usr/bin/python3 tools/attribution-study/pretrained_inception_study.py embed /tmp/incv3 \\
        ../shared/data/fashion-products --height 299 --width 299 --blocks mixed4 --out /tmp/incv3/inc-299sq.npz
    /usr/bin/python3 tools/attribution-study/pretrained_inception_study.py compare /tmp/incv3/inc-299sq.npz \\
        mixed4 /tmp/incv3/mixed4-java.f32
    /usr/bin/python3 tools/attribution-study/pretrained_inception_study.py precision /tmp/incv3/inc-299sq.npz \\
        ../shared/data/fashion-products /tmp/incv3/mixed4-java.f32   # the engine's vectors in the descriptor's place

A small network trained on the frozen ImageNet maps of mixed2, fold 0, then the fold screen with it added:

    /usr/bin/python3 tools/attribution-study/pretrained_inception_study.py head /tmp/incv3 \\
        ../shared/data/fashion-products --fold 0 --epochs 20 --out /tmp/incv3/head
    (cd tools/attribution-study && /usr/bin/python3 ensemble_screen.py ../../../shared/data/fashion-products \\
        /tmp/cnn30/descriptor-v2.f32 --folds 0 --base /tmp/cnn30 /tmp/cnn30b /tmp/colnet /tmp/colnet2 /tmp/cnnd \\
        /tmp/cnne /tmp/cnnf --candidate /tmp/incv3/head --centroids)

The ImageNet layers mixed0 to mixed2 fine-tuned on the fold's training labels (the stem frozen), with its ONNX and
model card for attribute-eval, then the same screen (tenth session):

    /usr/bin/python3 tools/attribution-study/pretrained_inception_study.py finetune /tmp/incv3 \\
        ../shared/data/fashion-products --fold 0 --out /tmp/incft      # 171 s for the stem maps once, 79 s an epoch
    (cd tools/attribution-study && /usr/bin/python3 ensemble_screen.py ../../../shared/data/fashion-products \\
        /tmp/cnn30/descriptor-v2.f32 --folds 0 --base /tmp/cnn30 /tmp/cnn30b /tmp/colnet /tmp/colnet2 /tmp/cnnd \\
        /tmp/cnne /tmp/cnnf --candidate /tmp/incft --centroids)

precision: leave-one-out precision@10 of same articleType and baseColour, cosine, all 9,056 products (as `lookalike
eval` on image vectors). screen: the fold screen of ensemble_screen.py (the LDA of the attribute on the training folds
of each outer fold, a vote of k 20 and power 4) with each pooled block alone, beside descriptor-v2, and beside the
catalog-trained ensemble (attribute-eval's folds; the CNN folders' foldF-embeddings.npz). Pooled blocks are square-rooted
(they are non-negative) and L2-normalised. Input: the 60x80 pictures stretched bilinearly to --height x --width,
scaled to [-1, 1] (Keras's Inception preprocessing; `--input 01` keeps [0, 1], what nsfwjs feeds).
descriptor-v2.f32: DumpImageVectors.java (see fold_combination_study.py).
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from cnn_attribution_study import AttentionPool, CosineHead, java_folds, load as load_pictures, vote
from study_lda import codes, l2n, lda_vote_accuracy

BLOCKS = ['mixed2', 'mixed4', 'mixed5', 'mixed7', 'mixed10']


def prepare(package, out):
    """Model topology and raw weight bytes out of the package's JavaScript modules (node evaluates them)."""
    models = os.path.join(os.path.abspath(package), 'dist', 'models', 'inception_v3')
    script = ("const fs=require('fs'),p=require('path'),d=process.argv[1],o=process.argv[2];"
              "const m=require(p.join(d,'model.min.js'));fs.writeFileSync(p.join(o,'model.json'),JSON.stringify(m));"
              "const b=[];for(let i=1;i<=6;i++){b.push(Buffer.from(require(p.join(d,`group1-shard${i}of6.min.js`)),'base64'));}"
              "fs.writeFileSync(p.join(o,'weights.bin'),Buffer.concat(b));")
    subprocess.run(['node', '-e', script, models, os.path.abspath(out)], check=True)
    print('wrote', os.path.join(out, 'model.json'), os.path.join(out, 'weights.bin'))


def load(folder):
    """(Keras layer list, {weight name: float32 array}) with the uint8 quantisation undone."""
    j = json.load(open(os.path.join(folder, 'model.json')))
    raw = np.fromfile(os.path.join(folder, 'weights.bin'), dtype=np.uint8)
    weights, offset = {}, 0
    for w in j['weightsManifest'][0]['weights']:
        n, q = int(np.prod(w['shape'])), w['quantization']
        if q['dtype'] != 'uint8':
            raise ValueError(f"{w['name']}: only uint8 quantisation is read, got {q['dtype']}")
        weights[w['name']] = (raw[offset:offset + n] * q['scale'] + q['min']).astype(np.float32).reshape(w['shape'])
        offset += n
    if offset != len(raw):
        raise ValueError(f'weights.bin has {len(raw)} bytes, the manifest names {offset}')
    return j['modelTopology']['model_config']['config']['layers'], weights


def same_padding(size, kernel, stride):
    total = max((math.ceil(size / stride) - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class KerasInterpreter(torch.nn.Module):
    """Runs the layer list in order (NCHW) until every requested block is computed; returns each globally
    average-pooled (or, with pool=False, the block's map itself). Handles the layer kinds of Keras's Inception V3 and
    nothing else."""

    def __init__(self, layers, weights, outputs, pool=True, start=None, trainable=False):
        super().__init__()
        self.layers, self.outputs, self.pool, self.p, self.start = layers, outputs, pool, {}, start
        for layer in layers:
            kind, name, cfg = layer['class_name'], layer['name'], layer['config']
            if kind == 'Conv2D':
                self.p[name] = (torch.from_numpy(np.ascontiguousarray(weights[f'{name}/kernel'].transpose(3, 2, 0, 1))),
                                torch.from_numpy(weights[f'{name}/bias']) if cfg['use_bias'] else None)
            elif kind == 'BatchNormalization':
                mean, var = weights[f'{name}/moving_mean'], weights[f'{name}/moving_variance']
                gamma = weights[f'{name}/gamma'] if cfg['scale'] else np.ones_like(mean)
                beta = weights[f'{name}/beta'] if cfg['center'] else np.zeros_like(mean)
                a = gamma / np.sqrt(var + cfg['epsilon'])
                self.p[name] = (torch.from_numpy(a)[None, :, None, None], torch.from_numpy(beta - mean * a)[None, :, None, None])
        if trainable:  # every weight after `start` becomes a parameter (batch norm stays folded: fixed statistics)
            names = [layer['name'] for layer in layers]
            first = names.index(start) + 1 if start else 0
            last = max(names.index(o) for o in outputs)
            self.params = torch.nn.ParameterDict()
            for name in names[first:last + 1]:
                if name in self.p:
                    a, b = (torch.nn.Parameter(v) if v is not None else None for v in self.p[name])
                    self.params[name + '_a'] = a
                    if b is not None:
                        self.params[name + '_b'] = b
                    self.p[name] = (a, b)

    def forward(self, x):
        values, pooled, started = {}, {}, self.start is None
        for layer in self.layers:
            kind, name, cfg = layer['class_name'], layer['name'], layer['config']
            if not started:  # x is this layer's output: the layers up to it are not run
                if name == self.start:
                    values[name], started = x, True
                continue
            ins = [values[n[0]] for n in layer['inbound_nodes'][0]] if layer['inbound_nodes'] else [x]
            v = ins[0]
            if kind == 'InputLayer':
                y = x
            elif kind == 'Conv2D':
                (kh, kw), (sh, sw) = cfg['kernel_size'], cfg['strides']
                if cfg['activation'] != 'linear':
                    raise ValueError(f"{name}: activation {cfg['activation']}")
                if cfg['padding'] == 'same':
                    v = F.pad(v, same_padding(v.shape[3], kw, sw) + same_padding(v.shape[2], kh, sh))
                y = F.conv2d(v, self.p[name][0], self.p[name][1], (sh, sw))
            elif kind == 'BatchNormalization':
                y = v * self.p[name][0] + self.p[name][1]
            elif kind == 'Activation':
                if cfg['activation'] != 'relu':
                    raise ValueError(f"{name}: activation {cfg['activation']}")
                y = F.relu(v)
            elif kind in ('MaxPooling2D', 'AveragePooling2D'):
                k, s, same = cfg['pool_size'], cfg['strides'], cfg['padding'] == 'same'
                if same and (s != [1, 1] or k[0] % 2 == 0 or k[1] % 2 == 0):
                    raise ValueError(f'{name}: same padding with stride {s}, pool {k}')
                pad = (k[0] // 2, k[1] // 2) if same else 0
                y = (F.max_pool2d(v, k, s, pad) if kind == 'MaxPooling2D'
                     else F.avg_pool2d(v, k, s, pad, count_include_pad=False))  # TF leaves the padding out
            elif kind == 'Concatenate':
                y = torch.cat(ins, 1)
            else:
                raise ValueError(f'{name}: layer kind {kind} is not interpreted')
            values[name] = y
            if name in self.outputs:
                pooled[name] = y.mean((2, 3)) if self.pool else y
                if len(pooled) == len(self.outputs):
                    return [pooled[o] for o in self.outputs]
        raise ValueError(f'blocks not found: {set(self.outputs) - set(pooled)}')


def check(folder):
    """Pooled mixed2, mixed5 and mixed10 of one seeded 299x299 input, here and in TF.js (tfjs_reference.js)."""
    x = np.random.default_rng(1).random((1, 299, 299, 3), dtype=np.float32)
    x.tofile(os.path.join(folder, 'check-input.f32'))
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run(['node', os.path.join(here, 'tfjs_reference.js'), os.path.abspath(folder)], check=True, cwd=folder)
    reference = np.fromfile(os.path.join(folder, 'check-output.f32'), dtype=np.float32)
    with torch.no_grad():
        ours = KerasInterpreter(*load(folder), ['mixed2', 'mixed5', 'mixed10'])(torch.from_numpy(x).permute(0, 3, 1, 2))
    start = 0
    for name, v in zip(['mixed2', 'mixed5', 'mixed10'], ours):
        r, v = reference[start:start + v.shape[1]], v[0].numpy(); start += len(r)
        print(f'{name}: {len(r)} values, max |difference| {np.abs(v - r).max():.3g}, max |TF.js| {np.abs(r).max():.3g}')


def embed(folder, catalog, height, width, scale, cache, out, blocks):
    torch.set_num_threads(2)
    net = KerasInterpreter(*load(folder), blocks)
    pictures = load_pictures(catalog, cache)[0]
    parts, started = {b: [] for b in blocks}, time.time()
    with torch.no_grad():
        for i in range(0, len(pictures), 32):
            x = torch.from_numpy(pictures[i:i + 32]).permute(0, 3, 1, 2).float() / 255
            x = F.interpolate(x, size=(height, width), mode='bilinear', align_corners=False)
            for b, v in zip(blocks, net(x * 2 - 1 if scale == 'pm1' else x)):
                parts[b].append(v.numpy())
    np.savez(out, **{b: np.concatenate(v) for b, v in parts.items()})
    print(f'{len(pictures)} pictures at {height}x{width} in {time.time() - started:.0f} s -> {out}')


def block(z, name):
    return l2n(np.sqrt(np.maximum(z[name], 0)))


def precision(npz, catalog, descriptor):
    rows = list(csv.DictReader(open(f'{catalog}/styles.csv', encoding='utf-8')))
    labels = [codes(np.array([r[a] for r in rows])) for a in ('articleType', 'baseColour')]
    X = l2n(np.fromfile(descriptor, dtype='<f4').reshape(len(rows), -1))

    def p10(V):
        hits = np.zeros(2)
        for i in range(0, len(V), 1024):
            S = V[i:i + 1024] @ V.T
            S[np.arange(len(S)), np.arange(i, i + len(S))] = -np.inf
            idx = np.argpartition(-S, 10, axis=1)[:, :10]
            hits += [(y[idx] == y[i:i + 1024, None]).sum() for y in labels]
        return ' / '.join(f'{h / (10 * len(V)):.3f}' for h in hits)

    print(f'{"vectors":24s} articleType / baseColour P@10')
    print(f'{"descriptor-v2":24s} {p10(X)}')
    z = np.load(npz)
    for b in z.files:
        print(f'{b:24s} {p10(block(z, b))}')
        print(f'{"descriptor-v2 + " + b:24s} {p10(l2n(np.hstack([X, block(z, b)])))}', flush=True)


def screen(npz, catalog, descriptor, attribute, ensemble):
    rows = list(csv.DictReader(open(f'{catalog}/styles.csv', encoding='utf-8')))
    y = codes(np.array([r[attribute] for r in rows]))
    X = l2n(np.fromfile(descriptor, dtype='<f4').reshape(len(rows), -1))
    z, folds = np.load(npz), range(5)
    held_out = java_folds(len(rows), 5, 42)  # attribute-eval's folds

    def cnn(f):
        return [l2n(np.load(f'{d}/fold{f}-embeddings.npz')['e']) for d in ensemble]

    def accuracy(blocks, f):
        te = held_out[f]
        return lda_vote_accuracy(np.hstack(blocks) / np.sqrt(len(blocks)), y, np.setdiff1d(np.arange(len(y)), te), te)

    def show(name, blocks_of_fold):
        a = [accuracy(blocks_of_fold(f), f) for f in folds]
        print(f'{name:34s} ' + ' '.join(f'{v:.4f}' for v in a) + f'  mean {np.mean(a):.4f}', flush=True)

    print(f'{attribute}, folds 0-4')
    show('descriptor-v2', lambda f: [X])
    if ensemble:
        show('descriptor-v2 + ensemble', lambda f: [X] + cnn(f))
    for b in BLOCKS:
        B = block(z, b)
        show(f'{b} alone', lambda f: [B])
        show(f'descriptor-v2 + {b}', lambda f: [X, B])
        if ensemble:
            show(f'descriptor-v2 + ensemble + {b}', lambda f: [X, B] + cnn(f))


class PooledBlock(torch.nn.Module):
    """What the engine runs: NHWC input already scaled to [-1, 1] (the inception-v3 preset), one block, average-pooled
    and square-rooted as block() does, so that its vectors can be compared with embed's."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.sqrt(torch.relu(self.net(x.permute(0, 3, 1, 2))[0]))


def export(folder, name, out, height, width):
    """ONNX of the network up to one block (pooled, square-rooted), input NHWC height x width, and its model card
    (the inception-v3 preset, with the size when it is not the preset's 299x299)."""
    net = PooledBlock(KerasInterpreter(*load(folder), [name])).eval()
    x = torch.zeros(1, height, width, 3)
    torch.onnx.export(net, x, out, input_names=['image'], output_names=['embedding'],
                      dynamic_axes={'image': {0: 'batch'}, 'embedding': {0: 'batch'}}, opset_version=13)
    digest = subprocess.run(['sha256sum', out], check=True, capture_output=True, text=True).stdout.split()[0]
    card = {'format': 1, 'kind': 'image', 'file': os.path.basename(out), 'sha256': digest,
            'dimension': int(net(x).shape[1]), 'preset': 'inception-v3', 'output': 'embedding'}
    if (height, width) != (299, 299):
        card['input'] = {'width': width, 'height': height}
    path = os.path.splitext(out)[0] + '.card.json'
    json.dump(card, open(path, 'w'), indent=1)
    print('wrote', out, path)


def compare(npz, name, java):
    """Cosine between this script's vectors of one block and the engine's (DumpImageVectors), product by product."""
    ours = block(np.load(npz), name)
    engine = l2n(np.fromfile(java, dtype='<f4').reshape(len(ours), -1))
    cos = (ours * engine).sum(1)
    print(f'{len(cos)} products, cosine engine/PyTorch: min {cos.min():.4f}, 1st percentile {np.percentile(cos, 1):.4f}, '
          f'median {np.median(cos):.4f}')


def head(folder, catalog, cache, fold, epochs, out):
    """A small network trained on frozen ImageNet features: the mixed2 maps (288 x 22 x 16 at 150x200) computed once,
    then 1x1 conv to 64, 3x3 to 96, 3x3 stride 2 to 128, attention pooling, a 128-d embedding and cosine heads
    (baseColour weight 1, articleType 0.25, as model F), flips of the maps as augmentation. Trained on the fold's
    four training folds; writes OUT/foldF-embeddings.npz for ensemble_screen.py."""
    torch.set_num_threads(2)
    x, t, c = load_pictures(catalog, cache)
    yt, yc = codes(t), codes(c)
    maps_file = os.path.join(folder, 'mixed2-200x150.npy')
    if not os.path.exists(maps_file):
        net, parts = KerasInterpreter(*load(folder), ['mixed2'], pool=False), []
        with torch.no_grad():
            for i in range(0, len(x), 32):
                xb = torch.from_numpy(x[i:i + 32]).permute(0, 3, 1, 2).float() / 255
                parts.append(net(F.interpolate(xb, size=(200, 150), mode='bilinear') * 2 - 1)[0].half().numpy())
        np.save(maps_file, np.concatenate(parts))
    maps = torch.from_numpy(np.load(maps_file))
    te = java_folds(len(x), 5, 42)[fold]
    tr = np.setdiff1d(np.arange(len(x)), te)
    torch.manual_seed(7 + fold)
    gen = torch.Generator().manual_seed(8 + fold)

    def cbr(i, o, k, s=1):
        return torch.nn.Sequential(torch.nn.Conv2d(i, o, k, s, k // 2, bias=False), torch.nn.BatchNorm2d(o),
                                   torch.nn.ReLU(inplace=True))

    body = torch.nn.Sequential(cbr(288, 64, 1), cbr(64, 96, 3), cbr(96, 128, 3, 2), AttentionPool(128),
                               torch.nn.Linear(128, 128))
    type_head, colour_head = CosineHead(128, yt.max() + 1, 16), CosineHead(128, yc.max() + 1, 16)
    params = list(body.parameters()) + list(type_head.parameters()) + list(colour_head.parameters())
    steps = (len(tr) + 63) // 64
    opt = torch.optim.AdamW(params, lr=3e-3, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=epochs * steps)
    ttr, ctr, started = torch.from_numpy(yt[tr]), torch.from_numpy(yc[tr]), time.time()
    for epoch in range(epochs):
        body.train()
        perm = torch.randperm(len(tr), generator=gen)
        for s in range(steps):
            b = perm[s * 64:(s + 1) * 64]
            mb = maps[tr[b.numpy()]].float()
            mb = torch.where((torch.rand(len(b), generator=gen) < 0.5)[:, None, None, None], mb.flip(3), mb)
            e = body(mb)
            loss = 0.25 * F.cross_entropy(type_head(e), ttr[b]) + F.cross_entropy(colour_head(e), ctr[b])
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        print(f'epoch {epoch + 1}/{epochs}: last batch loss {float(loss):.3f}, {time.time() - started:.0f} s', flush=True)
    body.eval()
    with torch.no_grad():
        E = torch.cat([body(maps[i:i + 512].float()) for i in range(0, len(maps), 512)])
        colour = colour_head(E).argmax(1).numpy()
    E = l2n(E.numpy())
    knn = (vote(E[tr], yc[tr], E[te], 15, n_classes=yc.max() + 1) == yc[te]).mean()
    print(f'fold {fold}: head baseColour {(colour[te] == yc[te]).mean():.4f}, kNN baseColour k 15 {knn:.4f}, '
          f'train {time.time() - started:.0f} s')
    os.makedirs(out, exist_ok=True)
    np.savez(os.path.join(out, f'fold{fold}-embeddings.npz'), e=E, tr=tr, te=te)


class FineTuned(torch.nn.Module):
    """Stem (frozen) -> mixed0..BLOCK (trained) -> attention pooling -> 128-d embedding. Input NCHW in [-1, 1]."""

    def __init__(self, folder, block, dim=128):
        super().__init__()
        layers, weights = load(folder)
        self.stem = KerasInterpreter(layers, weights, [STEM], pool=False)
        self.blocks = KerasInterpreter(layers, weights, [block], pool=False, start=STEM, trainable=True)
        channels = int(self.blocks(torch.zeros(1, *self.stem(torch.zeros(1, 3, 75, 75))[0].shape[1:]))[0].shape[1])
        self.pooling, self.embed = AttentionPool(channels), torch.nn.Linear(channels, dim)

    def from_stem(self, s):
        return self.embed(self.pooling(self.blocks(s)[0]))

    def forward(self, x):
        return self.from_stem(self.stem(x)[0])


class NormalisedEmbedding(torch.nn.Module):
    """The exported graph: [N, 3, H, W] in [-1, 1] to the L2-normalised embedding."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return F.normalize(self.net(x), dim=1)


STEM = 'max_pooling2d_2'


def finetune(folder, catalog, cache, fold, block, height, width, epochs, seed, out):
    """Fine-tunes the ImageNet layers from mixed0 up to BLOCK with an attention-pooled 128-d embedding and cosine heads
    (baseColour weight 1, articleType 0.25, as model F) on the fold's four training folds. The stem (the five
    convolutions before mixed0) stays frozen, so its maps of every picture and of its mirror image are computed once
    (FOLDER/stem-HxW.npy, float16) and the flip is the augmentation. Batch norm keeps ImageNet's statistics (folded
    into a trained scale and shift): batches of 64 are too small to re-estimate them. AdamW, one-cycle, 3e-4 for the
    pretrained layers and 3e-3 for the new ones. Writes OUT/foldF-embeddings.npz (ensemble_screen.py) and
    OUT/foldF.onnx with OUT/foldF.card.json (input HxW stretched, [-1, 1], NCHW) for attribute-eval."""
    torch.set_num_threads(2)
    x, t, c = load_pictures(catalog, cache)
    yt, yc = codes(t), codes(c)
    net = FineTuned(folder, block)
    stem_file = os.path.join(folder, f'stem-{height}x{width}.npy')
    if not os.path.exists(stem_file):
        parts, started = [], time.time()
        with torch.no_grad():
            for i in range(0, len(x), 64):
                xb = F.interpolate(torch.from_numpy(x[i:i + 64]).permute(0, 3, 1, 2).float() / 255,
                                   size=(height, width), mode='bilinear') * 2 - 1
                parts.append(torch.stack([net.stem(xb)[0], net.stem(xb.flip(3))[0]], 1).half().numpy())
        np.save(stem_file, np.concatenate(parts))
        print(f'stem maps of {len(x)} pictures and their mirrors in {time.time() - started:.0f} s', flush=True)
    stems = torch.from_numpy(np.load(stem_file))
    te = java_folds(len(x), 5, 42)[fold]
    tr = np.setdiff1d(np.arange(len(x)), te)
    torch.manual_seed(seed + fold)
    gen = torch.Generator().manual_seed(seed + 100 + fold)
    type_head, colour_head = CosineHead(128, yt.max() + 1, 16), CosineHead(128, yc.max() + 1, 16)
    new = list(net.pooling.parameters()) + list(net.embed.parameters()) + list(type_head.parameters()) + list(
        colour_head.parameters())
    pretrained = list(net.blocks.parameters())
    steps = (len(tr) + 63) // 64
    opt = torch.optim.AdamW([{'params': pretrained, 'lr': 3e-4}, {'params': new, 'lr': 3e-3}], weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[3e-4, 3e-3], total_steps=epochs * steps)
    ttr, ctr, started = torch.from_numpy(yt[tr]), torch.from_numpy(yc[tr]), time.time()
    for epoch in range(epochs):
        net.train()
        perm = torch.randperm(len(tr), generator=gen)
        for s in range(steps):
            b = perm[s * 64:(s + 1) * 64]
            mirror = (torch.rand(len(b), generator=gen) < 0.5).long()
            e = net.from_stem(stems[torch.from_numpy(tr[b.numpy()]), mirror].float())
            loss = 0.25 * F.cross_entropy(type_head(e), ttr[b]) + F.cross_entropy(colour_head(e), ctr[b])
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        print(f'epoch {epoch + 1}/{epochs}: last batch loss {float(loss):.3f}, {time.time() - started:.0f} s', flush=True)
    net.eval()
    with torch.no_grad():
        E = torch.cat([net.from_stem(stems[i:i + 256, 0].float()) for i in range(0, len(stems), 256)])
        colour, kind = colour_head(E).argmax(1).numpy(), type_head(E).argmax(1).numpy()
    E = l2n(E.numpy())
    knn = (vote(E[tr], yc[tr], E[te], 15, n_classes=yc.max() + 1) == yc[te]).mean()
    print(f'fold {fold}: head baseColour {(colour[te] == yc[te]).mean():.4f}, head articleType '
          f'{(kind[te] == yt[te]).mean():.4f}, kNN baseColour k 15 {knn:.4f}, train {time.time() - started:.0f} s')
    os.makedirs(out, exist_ok=True)
    np.savez(os.path.join(out, f'fold{fold}-embeddings.npz'), e=E, tr=tr, te=te)
    onnx_file = os.path.join(out, f'fold{fold}.onnx')
    torch.onnx.export(NormalisedEmbedding(net), torch.zeros(1, 3, height, width), onnx_file, input_names=['image'],
                      output_names=['embedding'], dynamic_axes={'image': {0: 'batch'}, 'embedding': {0: 'batch'}},
                      opset_version=13)
    digest = subprocess.run(['sha256sum', onnx_file], check=True, capture_output=True, text=True).stdout.split()[0]
    card = {'format': 1, 'kind': 'image', 'file': os.path.basename(onnx_file), 'sha256': digest, 'dimension': 128,
            'input': {'width': width, 'height': height, 'resize': 'stretch', 'interpolation': 'bilinear',
                      'pixelScale': 'zero-to-one', 'mean': [0.5] * 3, 'std': [0.5] * 3, 'channelOrder': 'RGB',
                      'layout': 'NCHW'}, 'output': 'embedding'}
    json.dump(card, open(os.path.join(out, f'fold{fold}.card.json'), 'w'), indent=1)
    print('wrote', onnx_file, flush=True)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='command', required=True)
    p = sub.add_parser('prepare'); p.add_argument('package'); p.add_argument('out')
    p = sub.add_parser('check'); p.add_argument('folder')
    p = sub.add_parser('embed'); p.add_argument('folder'); p.add_argument('catalog')
    p.add_argument('--height', type=int, default=200)
    p.add_argument('--width', type=int, default=150); p.add_argument('--input', choices=['pm1', '01'], default='pm1')
    p.add_argument('--cache', default='/tmp/fashion-products-60x80.npz'); p.add_argument('--out', required=True)
    p.add_argument('--blocks', default=','.join(BLOCKS))
    p = sub.add_parser('export'); p.add_argument('folder'); p.add_argument('--block', default='mixed4')
    p.add_argument('--height', type=int, default=299); p.add_argument('--width', type=int, default=299)
    p.add_argument('--out', required=True)
    p = sub.add_parser('head'); p.add_argument('folder'); p.add_argument('catalog')
    p.add_argument('--cache', default='/tmp/fashion-products-60x80.npz'); p.add_argument('--fold', type=int, default=0)
    p.add_argument('--epochs', type=int, default=20); p.add_argument('--out', required=True)
    p = sub.add_parser('finetune'); p.add_argument('folder'); p.add_argument('catalog')
    p.add_argument('--cache', default='/tmp/fashion-products-60x80.npz'); p.add_argument('--fold', type=int, default=0)
    p.add_argument('--block', default='mixed2')
    p.add_argument('--height', type=int, default=160); p.add_argument('--width', type=int, default=120)
    p.add_argument('--epochs', type=int, default=10); p.add_argument('--seed', type=int, default=11)
    p.add_argument('--out', required=True)
    p = sub.add_parser('compare'); p.add_argument('npz'); p.add_argument('block'); p.add_argument('java')
    p = sub.add_parser('precision'); p.add_argument('npz'); p.add_argument('catalog'); p.add_argument('descriptor')
    p = sub.add_parser('screen'); p.add_argument('npz'); p.add_argument('catalog'); p.add_argument('descriptor')
    p.add_argument('--attribute', default='baseColour'); p.add_argument('--ensemble', nargs='*', default=[])
    a = ap.parse_args()
    if a.command == 'prepare':
        prepare(a.package, a.out)
    elif a.command == 'check':
        check(a.folder)
    elif a.command == 'embed':
        embed(a.folder, a.catalog, a.height, a.width, a.input, a.cache, a.out, a.blocks.split(','))
    elif a.command == 'export':
        export(a.folder, a.block, a.out, a.height, a.width)
    elif a.command == 'head':
        head(a.folder, a.catalog, a.cache, a.fold, a.epochs, a.out)
    elif a.command == 'finetune':
        finetune(a.folder, a.catalog, a.cache, a.fold, a.block, a.height, a.width, a.epochs, a.seed, a.out)
    elif a.command == 'compare':
        compare(a.npz, a.block, a.java)
    elif a.command == 'precision':
        precision(a.npz, a.catalog, a.descriptor)
    else:
        screen(a.npz, a.catalog, a.descriptor, a.attribute, a.ensemble)


if __name__ == '__main__':
    sys.exit(main())
