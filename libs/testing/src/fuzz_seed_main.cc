// Runs a fuzz target's LLVMFuzzerTestOneInput over every file of its seed
// corpus, without libFuzzer: the unit-test form of a fuzz target. Fails when
// the folder holds no seed, so that a target never runs on nothing.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  int seeds = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ++seeds;
  }
  // The empty input too: a parser must take it.
  LLVMFuzzerTestOneInput(nullptr, 0);
  std::printf("%d seeds from %s ran\n", seeds, argv[1]);
  return seeds > 0 ? 0 : 1;
}
