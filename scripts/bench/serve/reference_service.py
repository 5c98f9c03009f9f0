#!/usr/bin/env python3
"""The seed's own design as a reference: a FastAPI + uvicorn decision service that scores a customer with a
scikit-learn gradient-boosting churn model and one EconML CausalForestDML per intervention (100 trees),
recommends the intervention of highest net value (same rule as churn's policy: -effect * value - cost, none
below churn risk 0.3 or when nothing pays), and logs every decision to SQLite (one commit per request).

  python3 reference_service.py prepare OUT      # fit on OUT/history.csv, pickle to OUT/reference.pkl
  REFERENCE_DIR=OUT uvicorn reference_service:app --port 8099 --workers 2
"""
import json
import os
import pickle
import sqlite3
import sys
import threading
import time
import uuid

import numpy as np
import pandas as pd

NUMERIC = ["tenure", "MonthlyCharges", "TotalCharges", "SeniorCitizen"]
CATEGORICAL = ["Contract", "InternetService", "OnlineSecurity", "TechSupport", "PaymentMethod"]
COSTS = {"discount_99": 99.0, "discount_199": 199.0, "feature_upsell": 30.0, "support_call": 45.0}
THRESHOLD = 0.3


def design(frame, levels):
    cols = [frame[c].astype(float).to_numpy() for c in NUMERIC]
    for c in CATEGORICAL:
        for lv in levels[c][1:]:
            cols.append((frame[c] == lv).astype(float).to_numpy())
    return np.column_stack(cols)


def prepare(out):
    from econml.dml import CausalForestDML
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor

    h = pd.read_csv(os.path.join(out, "history.csv"))
    h["TotalCharges"] = h["TotalCharges"].fillna(0)
    levels = {c: sorted(h[c].dropna().unique().tolist()) for c in CATEGORICAL}
    X = design(h, levels)
    churned = h["churned"].astype(str).str.lower().eq("true").astype(int).to_numpy()
    gbm = GradientBoostingClassifier(n_estimators=100, learning_rate=0.05, max_leaf_nodes=31, random_state=42).fit(X, churned)
    forests = {}
    for arm in COSTS:
        rows = h["arm"].isin(["none", arm]).to_numpy()
        t = (h["arm"][rows] == arm).astype(int).to_numpy()
        y = h["churn"][rows].astype(float).to_numpy()
        cf = CausalForestDML(model_y=GradientBoostingRegressor(n_estimators=50, random_state=0),
                             model_t=GradientBoostingClassifier(n_estimators=50, random_state=0),
                             discrete_treatment=True, n_estimators=100, random_state=42)
        cf.fit(y, t, X=X[rows])
        forests[arm] = cf
    with open(os.path.join(out, "reference.pkl"), "wb") as f:
        pickle.dump({"levels": levels, "gbm": gbm, "forests": forests}, f)


def make_app():
    from fastapi import FastAPI, HTTPException
    from pydantic import BaseModel, Field

    out = os.environ["REFERENCE_DIR"]
    with open(os.path.join(out, "reference.pkl"), "rb") as f:
        state = pickle.load(f)
    levels, gbm, forests = state["levels"], state["gbm"], state["forests"]
    db = sqlite3.connect(os.path.join(out, f"reference-{os.getpid()}.sqlite"), check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS decisions (time REAL, decision_id TEXT, customer_id TEXT, inputs TEXT, churn REAL, recommendation TEXT, scores TEXT)")
    lock = threading.Lock()

    class Customer(BaseModel):
        customer_id: str = Field(min_length=1, max_length=128)
        tenure: float
        MonthlyCharges: float
        TotalCharges: float
        SeniorCitizen: float
        Contract: str
        InternetService: str
        OnlineSecurity: str
        TechSupport: str
        PaymentMethod: str

    app = FastAPI()

    @app.post("/v1/recommend")
    def recommend(c: Customer):
        row = c.model_dump()
        for k in CATEGORICAL:
            if row[k] not in levels[k]:
                raise HTTPException(status_code=400, detail=f"unknown level for {k}")
        X = design(pd.DataFrame([row]), levels)
        p = float(gbm.predict_proba(X)[0, 1])
        value = row["MonthlyCharges"] * 12
        alts, best, best_net = [], "none", 0.0
        for arm, cf in forests.items():
            tau = float(cf.effect(X)[0])
            lo, hi = cf.effect_interval(X, alpha=0.05)
            net = -tau * value - COSTS[arm]
            alts.append({"intervention": arm, "effect": tau, "ci_lower": float(lo[0]), "ci_upper": float(hi[0]), "cost": COSTS[arm], "net_value": net})
            if p >= THRESHOLD and net > best_net:
                best, best_net = arm, net
        decision_id = str(uuid.uuid4())
        with lock:
            db.execute("INSERT INTO decisions VALUES (?,?,?,?,?,?,?)", (time.time(), decision_id, c.customer_id, json.dumps(row), p, best, json.dumps(alts)))
            db.commit()
        return {"decision_id": decision_id, "customer_id": c.customer_id, "churn_probability": p,
                "recommended_intervention": best, "net_value": best_net, "alternatives": alts}

    @app.get("/health")
    def health():
        return {"status": "ok"}

    return app


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "prepare":
    prepare(sys.argv[2])
elif "REFERENCE_DIR" in os.environ:
    app = make_app()
