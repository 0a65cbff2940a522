// keyway-events: prints the events of Keyway streams as JSON lines, as they
// arrive. For operators and for `tools/dev up`, which shows invitation links.
//
//   keyway-events --redis_port 56379 --from 0 keyway.identity.events
#include <iostream>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>

#include "absl/flags/flag.h"
#include "keyway/identity/v1/identity_events.pb.h"
#include "keyway/redis/client.h"
#include "keyway/rpc/flags.h"

ABSL_FLAG(std::string, redis_host, "127.0.0.1", "Redis host");
ABSL_FLAG(int, redis_port, 6379, "Redis port");
ABSL_FLAG(std::string, from, "$", "stream id to start after: $ for new events only, 0 for all");
ABSL_FLAG(bool, follow, true, "keep waiting for new events");

namespace {

// The payload as JSON, decoded with the type the entry names.
std::string PayloadJson(const std::string& type, const std::string& payload) {
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
  if (descriptor == nullptr) return "null";
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> message(factory.GetPrototype(descriptor)->New());
  if (!message->ParseFromString(payload)) return "null";
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(*message, &json, options);
  return json;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  // Link the event types in so that their descriptors are in the pool.
  (void)keyway::identity::v1::InvitationIssued::descriptor();
  auto streams = keyway::rpc::ParseFlags(argc, argv, "keyway-events [flags] STREAM...");
  if (streams.size() < 2) {
    std::cerr << "usage: keyway-events [--redis_port N] [--from 0] STREAM...\n";
    return 2;
  }
  keyway::redis::Client redis(absl::GetFlag(FLAGS_redis_host), absl::GetFlag(FLAGS_redis_port),
                              absl::Seconds(30));
  std::vector<std::string> last(streams.size() - 1, absl::GetFlag(FLAGS_from));
  do {
    std::vector<std::string> args = {"XREAD", "COUNT", "100"};
    if (absl::GetFlag(FLAGS_follow)) args.insert(args.end(), {"BLOCK", "5000"});
    args.push_back("STREAMS");
    for (size_t i = 1; i < streams.size(); ++i) args.push_back(streams[i]);
    for (const auto& id : last) args.push_back(id);
    auto reply = redis.Command(args);
    if (!reply.ok()) {
      std::cerr << "keyway-events: " << reply.status().message() << "\n";
      absl::SleepFor(absl::Seconds(1));
      continue;
    }
    for (const auto& stream : reply->elements) {
      if (stream.elements.size() != 2) continue;
      const std::string& name = stream.elements[0].str;
      for (const auto& entry : stream.elements[1].elements) {
        std::string type, payload, org;
        const auto& kv = entry.elements[1].elements;
        for (size_t i = 0; i + 1 < kv.size(); i += 2) {
          if (kv[i].str == "type") type = kv[i + 1].str;
          if (kv[i].str == "payload") payload = kv[i + 1].str;
          if (kv[i].str == "org") org = kv[i + 1].str;
        }
        std::cout << "{\"stream\":" << Quote(name) << ",\"id\":" << Quote(entry.elements[0].str)
                  << ",\"type\":" << Quote(type) << ",\"org\":" << Quote(org)
                  << ",\"event\":" << PayloadJson(type, payload) << "}" << std::endl;
        for (size_t i = 1; i < streams.size(); ++i) {
          if (streams[i] == name) last[i - 1] = entry.elements[0].str;
        }
      }
    }
  } while (absl::GetFlag(FLAGS_follow));
  return 0;
}
