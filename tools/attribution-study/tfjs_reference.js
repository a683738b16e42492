// TF.js's own run of the model that pretrained_inception_study.py prepared: pooled mixed2, mixed5 and mixed10 of
// FOLDER/check-input.f32 (1x299x299x3, NHWC) into FOLDER/check-output.f32. Needs @tensorflow/tfjs installed in FOLDER.
const fs = require('fs');
const path = require('path');
const folder = process.argv[2];
const tf = require(require.resolve('@tensorflow/tfjs', {paths: [folder]}));
(async () => {
  const j = JSON.parse(fs.readFileSync(path.join(folder, 'model.json')));
  const bytes = fs.readFileSync(path.join(folder, 'weights.bin'));
  const weights = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: j.modelTopology, weightSpecs: j.weightsManifest[0].weights, weightData: weights}));
  const outputs = ['mixed2', 'mixed5', 'mixed10']
    .map(n => tf.layers.globalAveragePooling2d({}).apply(model.getLayer(n).output));
  const input = fs.readFileSync(path.join(folder, 'check-input.f32'));
  const x = tf.tensor4d(new Float32Array(input.buffer.slice(input.byteOffset, input.byteOffset + input.length)),
    [1, 299, 299, 3]);
  const parts = tf.model({inputs: model.inputs, outputs}).predict(x).map(t => t.dataSync());
  const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) { all.set(p, offset); offset += p.length; }
  fs.writeFileSync(path.join(folder, 'check-output.f32'), Buffer.from(all.buffer));
})();
