#!/usr/bin/env python3
"""Medians of JMH iterations per benchmark and parameter: time per operation (us/op, ms/op)
and auxiliary counters (samples/values per second).

JMH prints the mean of its iterations; on a shared, noisy 2-core machine we quote medians.
Usage: java -jar benchmarks/target/benchmarks.jar CodecBenchmark | tee jmh.log
       python3 benchmarks/scripts/jmh-medians.py jmh.log
"""
import re
import statistics
import sys


def medians(lines):
    results, current, bench, measuring = {}, None, None, False
    primary = {}
    for line in lines:
        m = re.match(r'# Benchmark: \S+\.(\w+\.\w+)$', line.strip())
        if m:
            bench, measuring = m.group(1), False
            current = (bench, '')
            results[current] = []
            continue
        m = re.match(r'# Parameters: \((.*)\)', line)
        if m and bench:
            del results[current]
            current = (bench, m.group(1))
            results[current] = []
            continue
        if line.startswith('Iteration'):
            measuring = True
            m = re.match(r'Iteration\s+\d+: ([\d.]+) (\S+)', line)
            if m and current and m.group(2) != 'ops/s':
                primary.setdefault(current + (m.group(2),), []).append(float(m.group(1)))
        m = re.match(r'\s+(\w+):\s+([\d.]+) ops/s', line)
        if m and current and measuring and m.group(1) != 'stack':
            results[current].append(float(m.group(2)))
    return results, primary


def main():
    with open(sys.argv[1]) as log:
        results, primary = medians(log)
    for (bench, params, unit), values in primary.items():
        print(f"{bench:45s} {params:40s} median {statistics.median(values):10.3f} {unit} "
              f"(n={len(values)}, min {min(values):.3f}, max {max(values):.3f})")
    for (bench, params), values in results.items():
        if values:
            print(f"{bench:45s} {params:40s} median {statistics.median(values) / 1e6:8.1f} M/s "
                  f"(n={len(values)}, min {min(values) / 1e6:.1f}, max {max(values) / 1e6:.1f})")


if __name__ == '__main__':
    main()
