#!/usr/bin/python3
"""Is the vote or the vectors what holds baseColour under 0.65? (issue 6, session 6; a negative result)

On the ensemble's vectors (descriptor-v2 beside every CNN folder given, each fold's model trained on its four training
folds by cnn_attribution_study.py --save), all five outer folds, k 20 and power 4 fixed in advance, it compares the
shipped decision (a similarity-weighted vote in the colour LDA of the concatenation) with other ways of deciding:

    /usr/bin/python3 tools/attribution-study/vote_alternatives_study.py ../shared/data/fashion-products \\
        /tmp/cnn30/descriptor-v2.f32 /tmp/cnn30 /tmp/cnn30b /tmp/colnet /tmp/colnet2

- the colour vote times a prior P(colour | articleType), the type itself voted in an articleType LDA of the same vectors;
- the vote in an LDA of the joint label articleType x baseColour, and that vote added to the colour vote;
- transductive label propagation: held-out products vote too, with their current shares weighted a (5 rounds);
- nearest class mean in the colour LDA;
- Wilson-style editing: training products whose leave-one-out vote (descriptor-v2's colour LDA, or the ensemble's)
  gives their own colour under 0.05 and another over 0.8 are left out of the references.

descriptor-v2.f32: the engine's vectors in styles.csv order (DumpImageVectors.java, see fold_combination_study.py);
each CNN folder holds foldF-embeddings.npz (the PyTorch embeddings and the fold's split). LDA as LdaFitter (study_lda).
"""
import csv
import sys
import numpy as np

from study_lda import class_means, codes, ensemble, l2n, lda, vote_shares as votes

root, descriptor, *models = sys.argv[1:]
rows = list(csv.DictReader(open(f'{root}/styles.csv', encoding='utf-8')))
colours = np.array([r['baseColour'] for r in rows])
types = np.array([r['articleType'] for r in rows])
N = len(rows)
y, t = codes(colours), codes(types)
joint = codes(np.char.add(np.char.add(types, '|'), colours))
ncls, ntype = y.max() + 1, t.max() + 1
X = l2n(np.fromfile(descriptor, dtype='<f4').reshape(N, -1))


def space(F, tr, labels):
    mu, R = lda(F[tr], labels[tr])
    return l2n((F - mu) @ R)



results = {}
for f in range(5):
    F, tr, te = ensemble(X, models, f)
    row = {}
    P = space(F, tr, y)
    Y = np.eye(ncls)[y[tr]]
    Vc = votes(P[tr], P[te], Y)
    row['colour LDA, vote (shipped)'] = Vc
    Q = space(F, tr, t)
    Vt = votes(Q[tr], Q[te], np.eye(ntype)[t[tr]])
    M = np.zeros((ntype, ncls))
    np.add.at(M, (t[tr], y[tr]), 1)
    M = (M + 0.5) / (M + 0.5).sum(1, keepdims=True)
    for b in (0.25, 0.5, 1.0):
        row[f'colour vote x P(colour | voted type)^{b}'] = (Vc + 1e-3) * (Vt @ M) ** b
    J = space(F, tr, joint)
    Vj = votes(J[tr], J[te], Y)
    row['joint-label LDA, colour vote'] = Vj
    row['colour vote + joint-label vote'] = Vc + Vj
    for a in (0.3, 1.0):
        V = Vc.copy()
        for _ in range(5):
            V = votes(np.vstack([P[tr], P[te]]), P[te], np.vstack([Y, a * V]), self_column=len(tr) + np.arange(len(te)))
        row[f'label propagation, held-out weight {a}'] = V
    for name, S in (("descriptor-v2's", space(X, tr, y)), ("the ensemble's", P)):
        L = votes(S[tr], S[tr], Y, self_column=np.arange(len(tr)))
        keep = ~((L[np.arange(len(tr)), y[tr]] < 0.05) & (L.max(1) > 0.8))
        row[f'references edited in {name} colour LDA'] = votes(P[tr][keep], P[te], Y[keep])
    row['nearest class mean in the colour LDA'] = P[te] @ class_means(P, y, tr).T
    for name, scores in row.items():
        results.setdefault(name, []).append(float((scores.argmax(1) == y[te]).mean()))
    print(f'fold {f} done', flush=True)

print(f'\n| decision ({len(models)} CNNs beside descriptor-v2) | baseColour, 5 folds | per fold |\n|---|---|---|')
for name, accs in results.items():
    print(f'| {name} | {np.mean(accs):.4f} ± {np.std(accs):.4f} | {", ".join(f"{a:.4f}" for a in accs)} |')

# Do the CNNs remember their training pictures so well that the LDA fitted on them misleads the held-out vote?
# Fold 0: each CNN's cosine to its class centroid on training vs held-out pictures, and an oracle LDA fitted on half of
# the held-out fold with its labels (diagnostic only) against the LDA fitted on the training folds.
Es = [l2n(np.load(f'{m}/fold0-embeddings.npz')['e']) for m in models]
F, tr, te = ensemble(X, models, 0)
print('\nfold 0, cosine to the own class\'s training centroid (training / held-out pictures):')
for m, E in zip(models, Es):
    C = class_means(E, y, tr)
    print(f'  {m}: {(E[tr] * C[y[tr]]).sum(1).mean():.3f} / {(E[te] * C[y[te]]).sum(1).mean():.3f}')
half1, half2 = te[::2], te[1::2]
for name, fit in (('training folds', tr), ('held-out half 1 with its labels (oracle)', half1)):
    P = space(F, fit, y)
    acc = (votes(P[tr], P[half2], np.eye(ncls)[y[tr]]).argmax(1) == y[half2]).mean()
    print(f'fold 0, LDA fitted on {name}: held-out half 2 voted by the training folds {acc:.4f}')
