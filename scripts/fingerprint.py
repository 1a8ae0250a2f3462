"""The fingerprint of scripts/fingerprint.sh's runs: rating hashes, architecture, losses, ratings, accuracies."""
import hashlib, json, os, sys
root = os.path.join(sys.argv[1], "runs")
def h(p): return hashlib.sha256(open(p, "rb").read()).hexdigest()[:16]
for name in sorted(os.listdir(root)):
    for stamp in sorted(os.listdir(os.path.join(root, name))):
        run = os.path.join(root, name, stamp)
        if not os.path.isfile(os.path.join(run, "state.json")): continue
        print(f"== {name}")
        ratings = os.path.join(run, "ratings")
        for d, _, files in sorted(os.walk(ratings)):
            for f in sorted(files):
                print(f"{os.path.relpath(os.path.join(d, f), run)} {h(os.path.join(d, f))}")
        a = os.path.join(run, "architecture.json")
        if os.path.isfile(a):
            j = json.load(open(a)); j.pop("config_hash", None)
            print("architecture", json.dumps(j, sort_keys=True))
        s = json.load(open(os.path.join(run, "state.json")))
        r = s.get("results")
        if isinstance(r, dict) and "controls" in r:  # typed results: one key per task name, as run states wrote them before
            for i, v in enumerate(r.pop("controls")):
                if v is not None: r["control" if i == 0 else f"control{i + 1}"] = v
        for k in ("architecture", "fixed_prefix", "control_architectures", "architecture_ratings", "stage_ratings", "block_reliability", "results", "benchmark"):
            if k in s: print(k.lower(), json.dumps(s[k], sort_keys=True))
        for line in open(os.path.join(run, "metrics.jsonl")):
            r = json.loads(line)
            keep = {k: v for k, v in r.items() if k not in ("time", "t", "seconds", "images_per_s", "rss_mb", "wall", "elapsed")}
            print("metric", json.dumps(keep, sort_keys=True))
