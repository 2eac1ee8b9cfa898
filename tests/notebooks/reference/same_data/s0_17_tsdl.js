// s0-17 on tsdl: the notebook's data (sk.datasets.makeClassification, randomState 42) and model, trained
// with several seeds; writes the data to s0_17_data.json so s0_17_torch.py trains PyTorch on the same rows.
//   node tests/notebooks/reference/same_data/s0_17_tsdl.js [seeds, default 0,1,2,3,4]   (after npm run build)
const path = require('path');
const fs = require('fs');
const root = path.join(__dirname, '..', '..', '..', '..');
const tsdl = require(path.join(root, 'dist', 'src', 'index'));
const tf = require(path.join(root, 'node_modules', '@tensorflow', 'tfjs'));
const { nn, optim, data, sk } = tsdl;

(async () => {
  await tsdl.ready();
  const [X, y] = sk.datasets.makeClassification({ nSamples: 1000, nFeatures: 20, nInformative: 10, nClasses: 2, randomState: 42 });
  const [XTrain, XTest, yTrain, yTest] = sk.modelSelection.trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
  const rows = (t) => t.arraySync();
  fs.writeFileSync(path.join(__dirname, 's0_17_data.json'), JSON.stringify({ Xtr: rows(XTrain), ytr: rows(yTrain), Xte: rows(XTest), yte: rows(yTest) }));
  const Xtr = tf.cast(XTrain, 'float32'), ytr = tf.cast(yTrain, 'int32'), Xte = tf.cast(XTest, 'float32'), yte = tf.cast(yTest, 'int32');
  for (const seed of (process.argv[2] ?? '0,1,2,3,4').split(',').map(Number)) {
    tsdl.manualSeed(seed);
    const model = new nn.Sequential(new nn.Linear(20, 50), new nn.ReLU(), new nn.Linear(50, 50), new nn.ReLU(), new nn.Linear(50, 2));
    const criterion = new nn.CrossEntropyLoss();
    const optimizer = new optim.Adam(model.parameters(), { lr: 0.001 });
    const loader = new data.DataLoader(new data.TensorDataset(Xtr, ytr), { batchSize: 32, shuffle: true });
    for (let epoch = 0; epoch < 50; epoch++) {
      for (const [xb, yb] of loader) {
        optimizer.zeroGrad();
        tsdl.backward(() => criterion.forward(model.forward(xb), yb));
        optimizer.step();
      }
    }
    const [acc, loss] = tsdl.noGrad(() => {
      const out = model.forward(Xte);
      return [tf.mean(tf.cast(tf.equal(out.argMax(1), yte), 'float32')).item(), criterion.forward(out, yte).item()];
    });
    console.log(`tsdl seed ${seed}: epoch 50 test acc ${acc.toFixed(3)}, test loss ${loss.toFixed(3)}`);
  }
})();
