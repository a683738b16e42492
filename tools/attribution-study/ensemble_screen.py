#!/usr/bin/python3
"""Screen a candidate CNN for the baseColour ensemble before the engine run (issue 6, session 7).

For each outer fold given, the shipped decision (a similarity-weighted vote, k 20 and power 4 fixed in advance, in the
colour LDA of [descriptor-v2, each CNN's embedding] / sqrt(m + 1), LDA as LdaFitter in study_lda) on the ensemble of
the --base folders, then with the candidate added, then on descriptor-v2 with the candidate alone. Each CNN folder holds
foldF-embeddings.npz from cnn_attribution_study.py --save (the PyTorch embeddings and the fold's split). With
--centroids it also prints, per folder and fold, the mean cosine of each picture to its colour's centroid over the
training pictures, on the training pictures and on the held-out ones (how much tighter the model holds the pictures it
was trained on).

    /usr/bin/python3 tools/attribution-study/ensemble_screen.py ../shared/data/fashion-products \\
        /tmp/cnn30/descriptor-v2.f32 --folds 0 --base /tmp/cnn30 /tmp/cnn30b /tmp/colnet /tmp/colnet2 /tmp/cnnd \\
        /tmp/cnne /tmp/cnnf --candidate /tmp/cnng [--centroids]

With --per-model-lda (no candidate), the --base ensemble with one colour LDA per model, the projections side by
side (late fusion), beside the shipped single LDA. With --grid (no candidate), the --base ensemble under each LDA
shrinkage and eigenvalue power of a grid wider than attribute-eval's (shrinkage 0.01 / 0.1 x power 0 / 0.5, chosen
there by inner cross-validation).

descriptor-v2.f32: the engine's vectors in styles.csv order (DumpImageVectors.java, see fold_combination_study.py).
"""
import argparse
import csv

import numpy as np

from study_lda import class_means, codes, ensemble, fold_blocks, l2n, lda, lda_vote_accuracy, vote_accuracy


def screen(X, y, folders, fold, shrink=0.01, power=0.5):
    F, tr, te = ensemble(X, folders, fold)
    return lda_vote_accuracy(F, y, tr, te, shrink, power)


def screen_per_model(X, y, folders, fold):
    """Late fusion: one colour LDA per model (descriptor-v2 and each CNN, each fitted on the training folds), the
    projected blocks L2-normalised and put side by side, then the same vote."""
    blocks, tr, te = fold_blocks(X, folders, fold)
    projected = []
    for B in blocks:
        mu, R = lda(B[tr], y[tr])
        projected.append(l2n((B - mu) @ R))
    P = np.hstack(projected) / np.sqrt(len(projected))
    return vote_accuracy(P, y, tr, te)


def show(name, folds, accuracies):
    print(f'{name:24s} ' + ' '.join(f'fold {f} {a:.4f}' for f, a in zip(folds, accuracies))
          + f'  mean {np.mean(accuracies):.4f}', flush=True)


def centroid_cosines(y, folder, fold):
    z = np.load(f'{folder}/fold{fold}-embeddings.npz')
    E, tr, te = l2n(z['e']), z['tr'], z['te']
    C = class_means(E, y, tr)
    return (E[tr] * C[y[tr]]).sum(1).mean(), (E[te] * C[y[te]]).sum(1).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('catalog')
    ap.add_argument('descriptor')
    ap.add_argument('--folds', default='0,1,2,3,4')
    ap.add_argument('--base', nargs='+', required=True, help='CNN folders of the ensemble as it is')
    ap.add_argument('--candidate', help='CNN folder of the model screened')
    ap.add_argument('--per-model-lda', action='store_true',
                    help='instead: the --base ensemble with one LDA on all models (shipped) and one LDA per model')
    ap.add_argument('--grid', action='store_true',
                    help='instead: the --base ensemble under each LDA shrinkage (0.003 to 0.3) and eigenvalue power')
    ap.add_argument('--centroids', action='store_true')
    args = ap.parse_args()
    rows = list(csv.DictReader(open(f'{args.catalog}/styles.csv', encoding='utf-8')))
    y = codes(np.array([r['baseColour'] for r in rows]))
    X = l2n(np.fromfile(args.descriptor, dtype='<f4').reshape(len(rows), -1))
    folds = [int(f) for f in args.folds.split(',')]
    if args.grid:
        for shrink in (0.003, 0.01, 0.03, 0.1, 0.3):
            for power in (0, 0.5, 1):
                show(f'shrinkage {shrink:5} power {power:3}', folds,
                     [screen(X, y, args.base, f, shrink, power) for f in folds])
        return
    if args.per_model_lda:
        for name, fn in (('one LDA on all models', screen), ('one LDA per model', screen_per_model)):
            show(name, folds, [fn(X, y, args.base, f) for f in folds])
        return
    if args.candidate is None:
        ap.error('--candidate is required without --grid or --per-model-lda')
    for name, folders in (('base', args.base), ('base + candidate', args.base + [args.candidate]),
                          ('descriptor + candidate', [args.candidate])):
        show(name, folds, [screen(X, y, folders, f) for f in folds])
    if args.centroids:
        for folder in args.base + [args.candidate]:
            for f in folds:
                train, held_out = centroid_cosines(y, folder, f)
                print(f'{folder} fold {f}: cosine to its colour centroid, training {train:.3f}, held out {held_out:.3f}')


if __name__ == '__main__':
    main()
