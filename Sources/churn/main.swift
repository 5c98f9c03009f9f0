import Lang
print("churn")
