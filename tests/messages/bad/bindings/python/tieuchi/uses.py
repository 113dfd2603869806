# A misspelt id from Python.
label = t["summary.usd"]
