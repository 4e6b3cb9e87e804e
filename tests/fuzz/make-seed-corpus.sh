#!/bin/bash
# Regenerates tests/fuzz/corpus (run once; the files are committed). Small EC keys and
# PKCS#12 iteration counts of 1 keep seeds small and the fuzzer fast. After changing the seeds, update
# tests/fuzz/corpus-expectations.txt (TestFuzzCorpus checks every seed against it).
set -euo pipefail
cd "$(dirname "$0")/corpus"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
days="-days 3650"

openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/ca.key"
openssl req -x509 -new -key "$tmp/ca.key" -subj "/O=Fuzz Seeds/CN=Seed CA" $days -out "$tmp/ca.pem"
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/leaf.key"
openssl req -new -key "$tmp/leaf.key" -subj "/CN=seed.example" -out "$tmp/leaf.csr"
printf 'subjectAltName=DNS:seed.example,IP:192.0.2.1,email:a@seed.example\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n1.3.6.1.4.1.311.20.2=ASN1:BMPSTRING:WebServer\n' > "$tmp/ext"
openssl x509 -req -in "$tmp/leaf.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -set_serial 0x1234 $days \
    -extfile "$tmp/ext" -out leaf.pem
openssl x509 -in leaf.pem -outform DER -out leaf.der
cp "$tmp/ca.pem" ca.pem

# Bundle: text, CRLF, a key between the certificates.
{ printf 'Bundle for seed.example\r\n'; cat leaf.pem; cat "$tmp/leaf.key"; cat ca.pem; } | sed 's/$/\r/' > bundle-crlf.pem
openssl crl2pkcs7 -nocrl -certfile leaf.pem -certfile ca.pem -outform DER -out chain.p7b
openssl crl2pkcs7 -nocrl -certfile leaf.pem -certfile ca.pem -out chain-p7b.pem
openssl pkcs12 -export -inkey "$tmp/leaf.key" -in leaf.pem -certfile ca.pem -iter 1 -passout pass:s3cret -out aes.p12
openssl pkcs12 -export -legacy -iter 1 -inkey "$tmp/leaf.key" -in leaf.pem -passout pass:s3cret -out legacy.p12
openssl pkcs12 -export -nomac -keypbe NONE -certpbe NONE -inkey "$tmp/leaf.key" -in leaf.pem -passout pass: -out nopass.p12
openssl pkcs8 -topk8 -in "$tmp/leaf.key" -passout pass:s3cret -out key-encrypted.pem
openssl ec -in "$tmp/leaf.key" -aes128 -passout pass:s3cret -out key-legacy-encrypted.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$tmp/leaf.key" -out key.pem

# Keys and names the fast path leaves to OpenSSL, and one it takes.
openssl genpkey -algorithm ED25519 -out "$tmp/ed.key"
openssl req -x509 -new -key "$tmp/ed.key" -subj "/CN=ed25519.example" $days -out ed25519.pem
openssl ecparam -name prime256v1 -param_enc explicit -genkey -noout -out "$tmp/explicit.key"
openssl req -x509 -new -key "$tmp/explicit.key" -subj "/CN=explicit.example" $days -out explicit-curve.pem
openssl req -x509 -new -key "$tmp/leaf.key" -utf8 -subj "/C=CH/L=Zürich/O=Ünïcode, \"Quotes\" \\+ Co/CN=名前.example" \
    -set_serial -4660 $days -out utf8-negative-serial.pem

# Java keystores (keytool, password s3cret as the fuzz targets use): JKS with a key pair
# and a trusted certificate, JCEKS with a secret key (a serialized Java object) first.
ks() { keytool -noprompt -storepass s3cret -keypass s3cret "$@" > /dev/null 2>&1; }
rm -f keystore.jks keystore.jceks
ks -genkeypair -alias key -keyalg EC -dname CN=jks.example -validity 3650 -keystore keystore.jks -storetype JKS
ks -importcert -alias ca -file ca.pem -keystore keystore.jks -storetype JKS
ks -genseckey -alias secret -keyalg AES -keysize 128 -keystore keystore.jceks -storetype JCEKS
ks -genkeypair -alias key -keyalg EC -dname CN=jceks.example -validity 3650 -keystore keystore.jceks -storetype JCEKS
head -c 500 keystore.jks > truncated.jks

# Broken inputs.
head -c 300 leaf.der > truncated.der
head -c 400 aes.p12 > truncated.p12
head -n 6 leaf.pem > truncated.pem
sed '3s/^..../!!!!/' leaf.pem > bad-base64.pem
python3 -c "
d = bytearray(open('leaf.der','rb').read()); d[40] ^= 0xff; d[200] ^= 0x55
open('corrupted.der','wb').write(bytes(d))"
: > empty
head -c 256 /dev/urandom > random.bin
printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n' > begin-without-end.pem

# Hostile seeds rewritten from aes.p12 and leaf.der: absurd PKCS#12 iteration counts,
# very long names, year 0000.
"$(dirname "$0")/../make-hostile-seeds.py" .
