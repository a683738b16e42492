"""Shared by the attribution studies: the LDA of dev.lookalike.projection.LdaFitter in numpy, and the kNN votes."""
import numpy as np


def l2n(V):
    n = np.linalg.norm(V, axis=1, keepdims=True); n[n == 0] = 1
    return V / n


def codes(labels):
    return np.unique(labels, return_inverse=True)[1]


def lda(F, y, shrink=0.01, power=0.5):
    """(mean, rows) as LdaFitter fits one block; y: int labels."""
    mu = F.mean(0); Z = F - mu
    cls, cnt = np.unique(y, return_counts=True); keep = np.isin(y, cls[cnt >= 2]); Zl, yl = Z[keep], y[keep]; n = len(Zl)
    cl = np.unique(yl); M = np.stack([Zl[yl == c].mean(0) for c in cl]); nc = np.array([(yl == c).sum() for c in cl])
    Sw = (Zl.T @ Zl - (M * nc[:, None]).T @ M) / n; Sw = (Sw + Sw.T) / 2
    D = (M - (M * nc[:, None]).sum(0) / n) * np.sqrt(nc)[:, None]; Sb = D.T @ D / n
    d, U = np.linalg.eigh(Sw); d = np.maximum(d, 0)
    Wt = U / np.sqrt((1 - shrink) * d + shrink * d.sum() / len(d))
    e, Q = np.linalg.eigh(Wt.T @ Sb @ Wt); o = np.argsort(-e)[:len(cl) - 1]; e, Q = e[o], Q[:, o]
    ok = e > e[0] * 1e-9
    return mu, (Wt @ Q[:, ok]) * e[ok] ** power


def knn_best(Ftr, Fte, ytr, yte, ncls):
    S = Fte @ Ftr.T; idx = np.argpartition(-S, 50, axis=1)[:, :50]; s = np.take_along_axis(S, idx, 1)
    o = np.argsort(-s, 1); idx, s = np.take_along_axis(idx, o, 1), np.take_along_axis(s, o, 1); L = ytr[idx]
    best = 0
    for p in (0, 1, 4, 16, 64, 256):
        w = np.ones_like(s) if p == 0 else np.maximum(s, 0) ** p
        for k in (1, 5, 10, 20, 35, 50):
            V = np.zeros((len(yte), ncls))
            np.add.at(V, (np.repeat(np.arange(len(yte)), k), L[:, :k].ravel()), w[:, :k].ravel())
            best = max(best, (V.argmax(1) == yte).mean())
    return best


def vote_shares(ref, query, labels, k=20, power=4, self_column=None):
    """Similarity-weighted kNN vote (cosine on unit rows, weight sim^power): the rows of labels (one-hot or shares)
    of the k nearest references, summed and normalised to shares. self_column: for each query, the reference column
    that is the query itself, left out of its vote (leave-one-out)."""
    S = query @ ref.T
    if self_column is not None:
        S[np.arange(len(query)), self_column] = -np.inf
    idx = np.argpartition(-S, k, axis=1)[:, :k]
    w = np.maximum(np.take_along_axis(S, idx, 1), 0) ** power  # -inf (self) weighs 0
    V = (w[:, :, None] * labels[idx]).sum(1)
    return V / np.maximum(V.sum(1, keepdims=True), 1e-12)


def fold_blocks(descriptor, folders, fold):
    """[descriptor-v2, each CNN folder's fold{fold}-embeddings.npz, L2-normalised], with the fold's training and
    held-out rows (the split saved beside the embeddings by cnn_attribution_study.py --save)."""
    blocks = [descriptor]
    for folder in folders:
        z = np.load(f'{folder}/fold{fold}-embeddings.npz')
        blocks.append(l2n(z['e']))
        tr, te = z['tr'], z['te']
    return blocks, tr, te


def ensemble(descriptor, folders, fold):
    """The blocks of fold_blocks side by side, / sqrt(m + 1), with the fold's training and held-out rows."""
    blocks, tr, te = fold_blocks(descriptor, folders, fold)
    return np.hstack(blocks) / np.sqrt(len(blocks)), tr, te


def lda_vote_accuracy(V, y, tr, te, shrink=0.01, power=0.5):
    """The shipped decision on vectors V: the LDA of y fitted on the rows tr, then the vote of vote_shares (k 20,
    power 4) for the rows te among the rows tr; accuracy on te."""
    mu, R = lda(V[tr], y[tr], shrink, power)
    return vote_accuracy(l2n((V - mu) @ R), y, tr, te)


def vote_accuracy(P, y, tr, te):
    """Accuracy on the rows te of the vote of vote_shares (k 20, power 4) among the rows tr of unit vectors P."""
    return float((vote_shares(P[tr], P[te], np.eye(y.max() + 1)[y[tr]]).argmax(1) == y[te]).mean())


def class_means(E, y, tr):
    """Unit mean vector of each class over the training rows tr."""
    C = np.zeros((y.max() + 1, E.shape[1]))
    np.add.at(C, y[tr], E[tr])
    return l2n(C)
