#!/usr/bin/python3
"""One outer fold, baseColour: does a catalog-trained CNN add to the descriptor's shipped colour space? (issue 6)

Inputs, all rows in styles.csv order: descriptor-v2 vectors and the fold's CNN vectors, both dumped through the
engine's own path by DumpImageVectors.java, and the fold's split from cnn_attribution_study.py --save:

    java --add-modules jdk.incubator.vector -cp lookalike-cli/target/lookalike.jar \\
        tools/attribution-study/DumpImageVectors.java ../shared/data/fashion-products descriptor-v2 /tmp/cnn30/descriptor-v2.f32
    java ... DumpImageVectors.java ../shared/data/fashion-products onnx:/tmp/cnn30/fold0.card.json /tmp/cnn30/fold0-java.f32
    /usr/bin/python3 tools/attribution-study/fold_combination_study.py ../shared/data/fashion-products \\
        /tmp/cnn30/descriptor-v2.f32 /tmp/cnn30/fold0-java.f32 /tmp/cnn30/fold0-embeddings.npz

More CNN vector files after the split (other models trained on the same fold, e.g. by --seed 1 --type-weight 0.5)
add the rows of the ensemble: colour LDA on descriptor-v2 and every CNN side by side.

The fold's held-out products vote among its training products. "best" is the best vote option of the grid on the
held-out fold itself (an upper bound); "k 20, power 4" is fixed in advance. LDA as LdaFitter (study_lda.py).
"""
import csv
import sys

import numpy as np

from study_lda import codes, knn_best, l2n, lda, vote_shares

root, descriptor, cnn, split = sys.argv[1:5]
more = sys.argv[5:]
C = np.array([r['baseColour'] for r in csv.DictReader(open(f'{root}/styles.csv', encoding='utf-8'))])
N = len(C)
X = l2n(np.fromfile(descriptor, dtype='<f4').reshape(N, -1))
E = l2n(np.fromfile(cnn, dtype='<f4').reshape(N, -1))
z = np.load(split)
tr, te = z['tr'], z['te']
y = codes(C)
ncls = y.max() + 1


def shares(Ftr, Fte):
    return vote_shares(Ftr, Fte, np.eye(ncls)[y[tr]])


def show(name, F):
    a, b = l2n(F[tr]), l2n(F[te])
    print(f'| {name} | {knn_best(a, b, y[tr], y[te], ncls):.4f} | {(shares(a, b).argmax(1) == y[te]).mean():.4f} |',
          flush=True)


def colour_lda(F):
    mu, R = lda(F[tr], y[tr])
    return (F - mu) @ R


print('| space | best vote option | k 20, power 4 |\n|---|---|---|')
D = l2n(colour_lda(X))
show('descriptor-v2, colour LDA (the shipped space)', D)
show('CNN embedding', E)
show('colour LDA on the CNN embedding', colour_lda(E))
show('shipped space and CNN embedding side by side', np.hstack([D, E]))
both = shares(l2n(D[tr]), l2n(D[te])) + shares(E[tr], E[te])
print(f'| votes of the two spaces summed | - | {(both.argmax(1) == y[te]).mean():.4f} |')
show('colour LDA on descriptor-v2 and the CNN embedding side by side', colour_lda(np.hstack([X, E]) / np.sqrt(2)))
Es = [E] + [l2n(np.fromfile(f, dtype='<f4').reshape(N, -1)) for f in more]
for i in range(2, len(Es) + 1):
    show(f'colour LDA on descriptor-v2 and the first {i} CNNs side by side', colour_lda(np.hstack([X] + Es[:i]) / np.sqrt(i + 1)))
