# Reference for phase 02 section 6: AUC of the all-columns logistic model on the real Telco file,
# the seed split (train_test_split test_size=0.3, stratify, random_state=42). Run: python3 this_file.py
# Output (scikit-learn 1.9.1): scaled C=1 AUC 0.8447; unscaled C=1 AUC 0.845
import pandas as pd, numpy as np, sklearn
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import roc_auc_score
import glob
f = glob.glob('/work/shared/data/telco/*.csv')[0]
df = pd.read_csv(f)
df['TotalCharges'] = pd.to_numeric(df['TotalCharges'], errors='coerce').fillna(0)
y = (df['Churn'] == 'Yes').astype(int)
X = pd.get_dummies(df.drop(columns=['customerID', 'Churn']), drop_first=True).astype(float)
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, stratify=y, random_state=42)
sc = StandardScaler().fit(Xtr)
m = LogisticRegression(max_iter=5000).fit(sc.transform(Xtr), ytr)
print(f, sklearn.__version__, 'scaled C=1 AUC', round(roc_auc_score(yte, m.predict_proba(sc.transform(Xte))[:, 1]), 4))
m2 = LogisticRegression(max_iter=20000).fit(Xtr, ytr)
print('unscaled C=1 AUC', round(roc_auc_score(yte, m2.predict_proba(Xte)[:, 1]), 4))
