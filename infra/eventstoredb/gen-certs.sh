#!/usr/bin/env bash
# Generates the cluster's own CA and one certificate per node with EventStore's es-gencert-cli
# (a container image, so Docker is needed on the machine that runs it). Keep ./certs/ca/ca.key offline.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p certs
run() { docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/certs:/certs" eventstore/es-gencert-cli:1.3.0 "$@"; }
[ -f certs/ca/ca.crt ] || run create-ca -out /certs/ca
for i in 1 2 3; do
  [ -f "certs/node$i/node.crt" ] || run create-node -ca-certificate /certs/ca/ca.crt -ca-key /certs/ca/ca.key \
    -out "/certs/node$i" -ip-addresses "127.0.0.1,172.30.240.1$i" -dns-names "localhost,node$i.xianzhi.internal"
done
echo "certificates in $(pwd)/certs (CA: certs/ca/ca.crt)"
