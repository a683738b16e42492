#!/usr/bin/python3
"""Shape-side variants of descriptor-v2 on fashion-products, each checked on both halves of a seeded random split.

Reproduces the "descriptor-v3 attempt" table in docs/benchmarks.md. The HOG block is re-implemented in numpy
(mean cosine 0.999 with the Java block); geometry, colour and texture are descriptor-v2's own blocks, dumped by
DumpDescriptorBlocks.java. Commands (Debian's python3-numpy, -scipy, -pil; run with /usr/bin/python3):
    /usr/bin/python3 -c "import csv;print('\\n'.join(r['id'] for r in csv.DictReader(open('../shared/data/fashion-products/styles.csv'))))" > /tmp/ids.txt
    java -cp lookalike-cli/target/lookalike.jar tools/descriptor-study/DumpDescriptorBlocks.java /tmp/ids.txt ../shared/data/fashion-products /tmp
    /usr/bin/python3 tools/descriptor-study/descriptor_v3_study.py ../shared/data/fashion-products /tmp
Each line: leave-one-out precision@10 (cosine, query excluded) of same articleType / baseColour over all products
("full", where computed) and within each half of a seeded random split (numpy default_rng(3)), each half being its
own catalog. Nothing is fitted on labels; "centred" subtracts the block's mean vector over the catalog (a constant
that would ship with the descriptor).
"""
from study_common import *  # noqa: F401,F403 (loaders, HOG, scoring)


report('descriptor-v2 (Java blocks, default weights 1/.75/.65/.65)', fuse([jh, jg, jc, jt], (1, .75, .65, .65)))
report('Java HOG block alone', jh)
h8 = hog(ST[:, :3]); l8 = hog(LB[:, :3])
print('numpy HOG vs Java HOG block, mean cosine', round(float((hb(h8) * l2n(jh)).sum(1).mean()), 4))
report('numpy HOG 8x8x9 folded, stretched canvas', hb(h8))
report('same, letterboxed canvas', hb(l8))
SL = np.concatenate([hb(h8), hb(l8)], 1)
report('stretched + letterboxed HOG (S+L)', SL)
report('descriptor-v2 with S+L as its shape block', fuse([SL, jg, jc, jt], (1, .75, .65, .65)))
h4 = hog(ST[:, :3], cells=4); l4 = hog(LB[:, :3], cells=4)
report('S+L HOG 4x4 cells', np.concatenate([hb(h4), hb(l4)], 1), full=False)
report('S+L pyramid 8x8 + 0.7 x 4x4', np.concatenate([hb(h8), hb(l8), .7 * hb(h4), .7 * hb(l4)], 1), full=False)
m8 = hog(np.repeat(LB[:, 3:4], 3, 1))
report('silhouette-mask HOG 8x8, letterboxed', hb(m8), full=False)
occ = LB[:, 3].reshape(-1, 12, 4, 12, 4).mean((2, 4)); occ = (occ + occ[:, :, ::-1])[:, :, :6]
report('mask occupancy 12x12, letterboxed, folded', occ, full=False)
s18 = hog(ST[:, :3], bins=18, signed=True); l18 = hog(LB[:, :3], bins=18, signed=True)
report('signed 18 orientations, letterboxed', hb(l18, True), full=False)
report('per-cell L2-Hys (clip 0.2), S+L', np.concatenate([hys(h8), hys(l8)], 1), full=False)
report('descriptor-v2 blocks, each centred, default weights', fuse([cen(jh), cen(jg), cen(jc), cen(jt)], (1, .75, .65, .65)))
report('colour block alone', jc, full=False)
report('colour block alone, centred', cen(jc), full=False)
shapes = {'S+L unsigned': SL,
          'S+L signed 18': np.concatenate([hb(s18, True), hb(l18, True)], 1),
          'S+L signed 18 + 0.5 x mask HOG': np.concatenate([hb(s18, True), hb(l18, True), .5 * hb(m8)], 1)}
for name, sh in shapes.items():
    report(f'{name} alone', sh, full=False)
    for c in (.65, .8, .95):
        report(f'  all blocks centred, {name}; weights 1/.5/{c}/.5', fuse([cen(sh), cen(jg), cen(jc), cen(jt)], (1, .5, c, .5)), full=False)
