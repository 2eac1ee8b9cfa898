/** `sk.preprocessing` — scalers and encoders (scikit-learn's `sklearn.preprocessing`). */
export { StandardScaler } from './standard_scaler';
export { MinMaxScaler } from './min_max_scaler';
export { LabelEncoder } from './label_encoder';
export { OneHotEncoder } from './one_hot_encoder';
export type { CategoricalMatrix } from './one_hot_encoder';
