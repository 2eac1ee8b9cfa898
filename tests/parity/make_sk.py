#!/usr/bin/python3
"""Writes scikit-learn reference values for tests/parity/sk.parity.test.ts.

Run with Debian's scikit-learn: /usr/bin/python3 tests/parity/make_sk.py
Each fixture file is a list of cases {"name", "fn", "args", "kwargs", "expected"}; the TypeScript
test calls the matching sk function on the same inputs and compares (float tolerance 1e-4 relative).
Random splits cannot match numpy's generator, so those cases record sizes and class counts only.
"""
import json
import os

import numpy as np
from sklearn import datasets, metrics, model_selection, preprocessing

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "sk")


def plain(x):
    """JSON-friendly copy of numpy values."""
    if isinstance(x, dict):
        return {str(k): plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if isinstance(x, np.ndarray):
        return plain(x.tolist())
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating,)):
        return float(x)
    return x


def case(name, fn, args, expected, **kwargs):
    return {"name": name, "fn": fn, "args": plain(args), "kwargs": plain(kwargs), "expected": plain(expected)}


rng = np.random.RandomState(0)
yb_true = [0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1]
yb_pred = [0, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0]
ym_true = [0, 1, 2, 2, 1, 0, 1, 2, 0, 2, 1, 1, 0, 2]
ym_pred = [0, 2, 2, 2, 1, 0, 0, 1, 0, 2, 1, 2, 1, 2]
ys_true = ["cat", "dog", "bird", "cat", "dog", "dog", "bird", "cat"]
ys_pred = ["cat", "dog", "cat", "cat", "bird", "dog", "bird", "dog"]
y_missing_pred = [0, 0, 0, 1, 1, 0]  # label 2 never predicted
y_missing_true = [0, 1, 2, 1, 2, 0]
scores50 = np.round(rng.rand(50), 3)
truth50 = (rng.rand(50) < scores50).astype(int)
probs = np.round(rng.dirichlet([1, 1, 1], size=30), 4)
probs[:, 2] = 1 - probs[:, 0] - probs[:, 1]
truth3 = rng.randint(0, 3, size=30)
truth3[:3] = [0, 1, 2]
reg_true = [3.0, -0.5, 2.0, 7.0, 4.2, 1.1]
reg_pred = [2.5, 0.0, 2.0, 8.0, 3.9, 1.0]
reg2_true = [[0.5, 1.0], [-1.0, 1.0], [7.0, -6.0], [2.0, 2.5]]
reg2_pred = [[0.0, 2.0], [-1.0, 2.0], [8.0, -5.0], [2.1, 2.0]]

m = []
m.append(case("accuracy binary", "accuracyScore", [yb_true, yb_pred], metrics.accuracy_score(yb_true, yb_pred)))
m.append(case("accuracy multiclass count", "accuracyScore", [ym_true, ym_pred], metrics.accuracy_score(ym_true, ym_pred, normalize=False), normalize=False))
m.append(case("precision binary", "precisionScore", [yb_true, yb_pred], metrics.precision_score(yb_true, yb_pred)))
m.append(case("recall binary", "recallScore", [yb_true, yb_pred], metrics.recall_score(yb_true, yb_pred)))
m.append(case("f1 binary", "f1Score", [yb_true, yb_pred], metrics.f1_score(yb_true, yb_pred)))
m.append(case("f1 binary posLabel 0", "f1Score", [yb_true, yb_pred], metrics.f1_score(yb_true, yb_pred, pos_label=0), posLabel=0))
for avg in ["macro", "micro", "weighted"]:
    m.append(case(f"precision {avg}", "precisionScore", [ym_true, ym_pred], metrics.precision_score(ym_true, ym_pred, average=avg), average=avg))
    m.append(case(f"recall {avg}", "recallScore", [ym_true, ym_pred], metrics.recall_score(ym_true, ym_pred, average=avg), average=avg))
    m.append(case(f"f1 {avg}", "f1Score", [ym_true, ym_pred], metrics.f1_score(ym_true, ym_pred, average=avg), average=avg))
m.append(case("f1 per class (average None)", "f1Score", [ym_true, ym_pred], metrics.f1_score(ym_true, ym_pred, average=None), average=None))
m.append(case("precision zeroDivision 0", "precisionScore", [y_missing_true, y_missing_pred], metrics.precision_score(y_missing_true, y_missing_pred, average="macro", zero_division=0), average="macro", zeroDivision=0))
m.append(case("precision zeroDivision 1", "precisionScore", [y_missing_true, y_missing_pred], metrics.precision_score(y_missing_true, y_missing_pred, average="macro", zero_division=1), average="macro", zeroDivision=1))
m.append(case("f1 string labels macro", "f1Score", [ys_true, ys_pred], metrics.f1_score(ys_true, ys_pred, average="macro"), average="macro"))
p, r, f, s = metrics.precision_recall_fscore_support(ym_true, ym_pred, beta=2.0, labels=[2, 0])
m.append(case("prfs beta 2 labels [2, 0]", "precisionRecallFscoreSupport", [ym_true, ym_pred], {"precision": p, "recall": r, "fscore": f, "support": s}, beta=2, labels=[2, 0], average=None))
m.append(case("confusion matrix", "confusionMatrix", [ym_true, ym_pred], metrics.confusion_matrix(ym_true, ym_pred)))
m.append(case("confusion matrix label order", "confusionMatrix", [ys_true, ys_pred], metrics.confusion_matrix(ys_true, ys_pred, labels=["dog", "cat", "bird"]), labels=["dog", "cat", "bird"]))
for norm in ["true", "pred", "all"]:
    m.append(case(f"confusion matrix normalize {norm}", "confusionMatrix", [ym_true, ym_pred], metrics.confusion_matrix(ym_true, ym_pred, normalize=norm), normalize=norm))
m.append(case("classification report binary", "classificationReport", [yb_true, yb_pred], metrics.classification_report(yb_true, yb_pred)))
m.append(case("classification report target names", "classificationReport", [ym_true, ym_pred], metrics.classification_report(ym_true, ym_pred, target_names=["setosa", "versicolor", "virginica"]), targetNames=["setosa", "versicolor", "virginica"]))
m.append(case("classification report digits 4", "classificationReport", [ys_true, ys_pred], metrics.classification_report(ys_true, ys_pred, digits=4), digits=4))
m.append(case("classification report labels subset", "classificationReport", [ym_true, ym_pred], metrics.classification_report(ym_true, ym_pred, labels=[0, 1]), labels=[0, 1]))
m.append(case("classification report dict", "classificationReport", [ym_true, ym_pred], metrics.classification_report(ym_true, ym_pred, output_dict=True), outputDict=True))
# Exact ties at the rounding digit: Python rounds half to even.
tie_true = [1] * 8 + [0] * 8
tie_pred = [1] + [0] * 7 + [1] * 7 + [0]
m.append(case("classification report rounding ties", "classificationReport", [tie_true, tie_pred], metrics.classification_report(tie_true, tie_pred), digits=2))
fpr, tpr, thr = metrics.roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
m.append(case("roc curve small", "rocCurve", [[0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]], {"fpr": fpr, "tpr": tpr, "thresholds": thr}))
fpr, tpr, thr = metrics.roc_curve(truth50, scores50)
m.append(case("roc curve 50 samples", "rocCurve", [truth50, scores50], {"fpr": fpr, "tpr": tpr, "thresholds": thr}))
tie_scores = [0.2, 0.2, 0.5, 0.5, 0.5, 0.9, 0.1, 0.9]
tie_truth = [0, 1, 1, 0, 1, 1, 0, 0]
fpr, tpr, thr = metrics.roc_curve(tie_truth, tie_scores, drop_intermediate=False)
m.append(case("roc curve ties no drop", "rocCurve", [tie_truth, tie_scores], {"fpr": fpr, "tpr": tpr, "thresholds": thr}, dropIntermediate=False))
m.append(case("roc auc small", "rocAucScore", [[0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]], metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])))
m.append(case("roc auc 50 samples", "rocAucScore", [truth50, scores50], metrics.roc_auc_score(truth50, scores50)))
m.append(case("roc auc string labels", "rocAucScore", [["no", "yes", "yes", "no", "yes"], [0.2, 0.6, 0.4, 0.5, 0.9]], metrics.roc_auc_score(["no", "yes", "yes", "no", "yes"], [0.2, 0.6, 0.4, 0.5, 0.9])))
for mc, avg in [("ovr", "macro"), ("ovr", "weighted"), ("ovo", "macro")]:
    m.append(case(f"roc auc multiclass {mc} {avg}", "rocAucScore", [truth3, probs], metrics.roc_auc_score(truth3, probs, multi_class=mc, average=avg), multiClass=mc, average=avg))
m.append(case("auc trapezoid", "auc", [[0, 0.1, 0.4, 0.4, 1.0], [0, 0.5, 0.6, 0.9, 1.0]], metrics.auc([0, 0.1, 0.4, 0.4, 1.0], [0, 0.5, 0.6, 0.9, 1.0])))
m.append(case("mean squared error", "meanSquaredError", [reg_true, reg_pred], metrics.mean_squared_error(reg_true, reg_pred)))
m.append(case("root mean squared error", "meanSquaredError", [reg_true, reg_pred], metrics.mean_squared_error(reg_true, reg_pred, squared=False), squared=False))
m.append(case("mean absolute error", "meanAbsoluteError", [reg_true, reg_pred], metrics.mean_absolute_error(reg_true, reg_pred)))
m.append(case("r2", "r2Score", [reg_true, reg_pred], metrics.r2_score(reg_true, reg_pred)))
m.append(case("r2 two outputs", "r2Score", [reg2_true, reg2_pred], metrics.r2_score(reg2_true, reg2_pred)))
m.append(case("mse two outputs", "meanSquaredError", [reg2_true, reg2_pred], metrics.mean_squared_error(reg2_true, reg2_pred)))
m.append(case("r2 constant target", "r2Score", [[2.0, 2.0, 2.0], [2.0, 2.1, 2.0]], metrics.r2_score([2.0, 2.0, 2.0], [2.0, 2.1, 2.0])))

pre = []
X = np.round(rng.randn(12, 3) * [1.0, 5.0, 0.1] + [0.0, 10.0, -3.0], 3)
X[:, 2] = np.round(X[:, 2], 3)
sc = preprocessing.StandardScaler().fit(X)
pre.append(case("standard scaler fit transform", "StandardScaler", [X], {"mean_": sc.mean_, "var_": sc.var_, "scale_": sc.scale_, "transformed": sc.transform(X)}))
Xc = np.column_stack([X[:, 0], np.full(12, 4.0)])
sc2 = preprocessing.StandardScaler().fit(Xc)
pre.append(case("standard scaler constant column", "StandardScaler", [Xc], {"mean_": sc2.mean_, "var_": sc2.var_, "scale_": sc2.scale_, "transformed": sc2.transform(Xc)}))
Z = [[0.5, -1.0, 2.0], [1.0, 0.0, 0.0]]
pre.append(case("standard scaler inverse transform", "StandardScalerInverse", [X, Z], sc.inverse_transform(Z)))
mm = preprocessing.MinMaxScaler().fit(X)
pre.append(case("minmax scaler default", "MinMaxScaler", [X], {"dataMin_": mm.data_min_, "dataMax_": mm.data_max_, "scale_": mm.scale_, "min_": mm.min_, "transformed": mm.transform(X)}))
mm2 = preprocessing.MinMaxScaler(feature_range=(-1, 1)).fit(X)
pre.append(case("minmax scaler range -1..1", "MinMaxScaler", [X], {"dataMin_": mm2.data_min_, "dataMax_": mm2.data_max_, "scale_": mm2.scale_, "min_": mm2.min_, "transformed": mm2.transform(X)}, featureRange=[-1, 1]))
pre.append(case("minmax scaler inverse transform", "MinMaxScalerInverse", [X, Z], mm2.inverse_transform(Z), featureRange=[-1, 1]))
cats = [["red", "S"], ["blue", "M"], ["red", "M"], ["green", "L"]]
enc = preprocessing.OneHotEncoder(sparse_output=False).fit(cats)
pre.append(case("one hot encoder", "OneHotEncoder", [cats, [["green", "S"], ["blue", "L"]]], {"categories_": [c.tolist() for c in enc.categories_], "transformed": enc.transform([["green", "S"], ["blue", "L"]]), "featureNames": enc.get_feature_names_out().tolist()}))
enc2 = preprocessing.OneHotEncoder(sparse_output=False, handle_unknown="ignore").fit(cats)
pre.append(case("one hot encoder ignore unknown", "OneHotEncoder", [cats, [["purple", "S"]]], {"categories_": [c.tolist() for c in enc2.categories_], "transformed": enc2.transform([["purple", "S"]]), "featureNames": enc2.get_feature_names_out().tolist()}, handleUnknown="ignore"))
enc3 = preprocessing.OneHotEncoder(sparse_output=False).fit([[3], [1], [2], [1]])
pre.append(case("one hot encoder numbers inverse", "OneHotEncoderInverse", [[[3], [1], [2], [1]], [[0, 1, 0], [1, 0, 0]]], enc3.inverse_transform([[0, 1, 0], [1, 0, 0]])))
le = preprocessing.LabelEncoder().fit(ys_true)
pre.append(case("label encoder strings", "LabelEncoder", [ys_true, ys_pred], {"classes_": le.classes_, "transformed": le.transform(ys_pred)}))
le2 = preprocessing.LabelEncoder().fit([10, 5, 7, 5, 10])
pre.append(case("label encoder numbers inverse", "LabelEncoderInverse", [[10, 5, 7, 5, 10], [2, 0, 1]], le2.inverse_transform([2, 0, 1])))

ms = []
for n, kw in [(569, {"test_size": 0.2}), (100, {"test_size": 0.33}), (50, {"train_size": 0.6, "test_size": 0.2}), (30, {"test_size": 7}), (10, {})]:
    a, b = model_selection.train_test_split(np.arange(n), random_state=0, **kw)
    camel = {("testSize" if k == "test_size" else "trainSize"): v for k, v in kw.items()}
    ms.append(case(f"train test split sizes n={n} {kw}", "trainTestSplitSizes", [n], {"train": len(a), "test": len(b)}, **camel))
cancer = datasets.load_breast_cancer()
tr, te = model_selection.train_test_split(cancer.target, test_size=0.2, random_state=42, stratify=cancer.target)
ms.append(case("stratified split class counts breast cancer", "stratifiedCounts", [cancer.target.tolist()], {"train": np.bincount(tr), "test": np.bincount(te)}, testSize=0.2))
iris = datasets.load_iris()
tr, te = model_selection.train_test_split(iris.target, test_size=0.3, random_state=1, stratify=iris.target)
ms.append(case("stratified split class counts iris", "stratifiedCounts", [iris.target.tolist()], {"train": np.bincount(tr), "test": np.bincount(te)}, testSize=0.3))
folds = [[tr.tolist(), te.tolist()] for tr, te in model_selection.KFold(4).split(np.zeros(11))]
ms.append(case("kfold unshuffled", "KFold", [11], folds, nSplits=4))
y_strat = [0, 0, 1, 1, 1, 2, 2, 2, 2, 0, 1, 2, 2, 1, 0, 2]
folds = [[tr.tolist(), te.tolist()] for tr, te in model_selection.StratifiedKFold(3).split(np.zeros(16), y_strat)]
ms.append(case("stratified kfold unshuffled", "StratifiedKFold", [y_strat], folds, nSplits=3))
folds = [[len(tr), len(te)] for tr, te in model_selection.KFold(5, shuffle=True, random_state=0).split(np.zeros(23))]
ms.append(case("kfold shuffled fold sizes", "KFoldSizes", [23], folds, nSplits=5))
grid = list(model_selection.ParameterGrid({"lr": [0.1, 0.01], "hidden": [16, 32, 64], "act": ["relu"]}))
ms.append(case("parameter grid order", "parameterGrid", [{"lr": [0.1, 0.01], "hidden": [16, 32, 64], "act": ["relu"]}], grid))

ds = []
Xm, ym = datasets.make_moons(n_samples=9, shuffle=False)
ds.append(case("make moons unshuffled", "makeMoons", [], {"X": Xm, "y": ym}, nSamples=9, shuffle=False))
Xc, yc = datasets.make_circles(n_samples=10, shuffle=False, factor=0.5)
ds.append(case("make circles unshuffled", "makeCircles", [], {"X": Xc, "y": yc}, nSamples=10, shuffle=False, factor=0.5))
ds.append(case("load breast cancer", "loadBreastCancer", [], {
    "shape": cancer.data.shape, "featureNames": cancer.feature_names.tolist(), "targetNames": cancer.target_names.tolist(),
    "targetCounts": np.bincount(cancer.target), "firstRow": cancer.data[0], "columnMeans": cancer.data.mean(axis=0)}))
digits = datasets.load_digits()
ds.append(case("load digits", "loadDigits", [], {"shape": digits.data.shape, "targetCounts": np.bincount(digits.target), "firstRow": digits.data[0], "imagesShape": digits.images.shape}))
ds.append(case("load iris", "loadIris", [], {"shape": iris.data.shape, "featureNames": iris.feature_names, "targetNames": iris.target_names.tolist(), "targetCounts": np.bincount(iris.target), "columnMeans": iris.data.mean(axis=0)}))
Xk, yk = datasets.make_classification(n_samples=200, n_features=6, n_informative=3, n_redundant=1, n_classes=3, n_clusters_per_class=1, weights=[0.5, 0.3], flip_y=0, random_state=0)
ds.append(case("make classification shape and class sizes", "makeClassificationCounts", [], {"shape": Xk.shape, "classCounts": np.bincount(yk)},
               nSamples=200, nFeatures=6, nInformative=3, nRedundant=1, nClasses=3, nClustersPerClass=1, weights=[0.5, 0.3], flipY=0))
Xb, yb = datasets.make_blobs(n_samples=[10, 25, 7], n_features=3, random_state=0)
ds.append(case("make blobs cluster sizes", "makeBlobsCounts", [], {"shape": Xb.shape, "classCounts": np.bincount(yb)}, nSamples=[10, 25, 7], nFeatures=3))
Xr, yr = datasets.make_regression(n_samples=30, n_features=5, n_informative=2, random_state=0)
ds.append(case("make regression shapes", "makeRegressionShapes", [], {"X": Xr.shape, "y": yr.shape}, nSamples=30, nFeatures=5, nInformative=2))

os.makedirs(OUT, exist_ok=True)
for name, cases in [("metrics", m), ("preprocessing", pre), ("model_selection", ms), ("datasets", ds)]:
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(cases, f, indent=1)
    print(f"{name}: {len(cases)} cases")
