// Issue and verify costs of Remote PINs, beside the cost of one AES-256
// block: FF1 over 10 digits with a 16-byte tweak takes 30 AES blocks
// (10 rounds of a 3-block CBC-MAC; no extra blocks since d = 8 bytes).
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include "keyway/algopin/verifier.h"
#include "keyway/core/random.h"

namespace {

using namespace keyway::algopin;

const absl::Time kEpoch = absl::FromUnixSeconds(1'767'600'000 / 3600 * 3600);

PinCodec MakeCodec() {
  return *PinCodec::Create(keyway::core::RandomBytes(32), keyway::core::RandomBytes(16), kEpoch);
}

void BM_AesBlock(benchmark::State& state) {
  std::string key = keyway::core::RandomBytes(32);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(ctx, EVP_aes_256_ecb(), nullptr,
                     reinterpret_cast<const unsigned char*>(key.data()), nullptr);
  unsigned char block[16] = {0}, out[32];
  int len = 0;
  for (auto _ : state) {
    EVP_EncryptUpdate(ctx, out, &len, block, 16);
    block[0] = out[0];
    benchmark::DoNotOptimize(out);
  }
  EVP_CIPHER_CTX_free(ctx);
}
BENCHMARK(BM_AesBlock);

void BM_IssueRemotePin(benchmark::State& state) {
  PinCodec codec = MakeCodec();
  uint32_t nonce = 0;
  for (auto _ : state) {
    auto code = codec.Encode({kEpoch + absl::Hours(1000), 40, nonce++ % kNonceCount});
    benchmark::DoNotOptimize(code);
  }
}
BENCHMARK(BM_IssueRemotePin);

void BM_VerifyRemotePin(benchmark::State& state) {
  PinCodec codec = MakeCodec();
  std::string code = *codec.Encode({kEpoch + absl::Hours(1000), 40, 7});
  for (auto _ : state) {
    auto pin = codec.Decode(code);
    benchmark::DoNotOptimize(pin);
  }
}
BENCHMARK(BM_VerifyRemotePin);

}  // namespace

BENCHMARK_MAIN();
