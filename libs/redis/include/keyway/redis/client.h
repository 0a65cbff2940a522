#pragma once
// A synchronous Redis connection (hiredis) that reconnects on the next
// command after a failure, and the Streams commands Keyway uses.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

struct redisContext;

namespace keyway::redis {

// A Redis reply as plain data.
struct Reply {
  enum class Type { kNil, kString, kInteger, kArray, kStatus };
  Type type = Type::kNil;
  std::string str;  // kString and kStatus
  long long integer = 0;
  std::vector<Reply> elements;
};

// One entry of a stream: its id and its field-value pairs.
struct StreamEntry {
  std::string id;
  std::vector<std::pair<std::string, std::string>> fields;
  const std::string* Field(const std::string& name) const;
};

class Client {
 public:
  Client(std::string host, int port, absl::Duration timeout = absl::Seconds(5));
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // UNAVAILABLE when Redis cannot be reached (the next call reconnects);
  // an error reply becomes FAILED_PRECONDITION with Redis's message.
  absl::StatusOr<Reply> Command(const std::vector<std::string>& args);

  // XADD stream * field value ...: the new entry's id.
  absl::StatusOr<std::string> XAdd(const std::string& stream,
                                   const std::vector<std::pair<std::string, std::string>>& fields);
  // Creates the consumer group (and the stream) unless it exists.
  absl::Status EnsureGroup(const std::string& stream, const std::string& group);
  // XREADGROUP from `id` (">" for new entries, "0" for this consumer's unacknowledged ones).
  absl::StatusOr<std::vector<StreamEntry>> ReadGroup(const std::string& stream,
                                                     const std::string& group,
                                                     const std::string& consumer,
                                                     const std::string& id, int count,
                                                     absl::Duration block);
  // XAUTOCLAIM: takes over entries another consumer left unacknowledged for `min_idle`.
  absl::StatusOr<std::vector<StreamEntry>> AutoClaim(const std::string& stream,
                                                     const std::string& group,
                                                     const std::string& consumer,
                                                     absl::Duration min_idle, int count);
  absl::Status Ack(const std::string& stream, const std::string& group, const std::string& id);
  // XRANGE stream start end COUNT count ("-" and "+" for the ends).
  absl::StatusOr<std::vector<StreamEntry>> Range(const std::string& stream, const std::string& start,
                                                 const std::string& end, int count);
  // XDEL: how many of the ids were there.
  absl::StatusOr<int> Delete(const std::string& stream, const std::vector<std::string>& ids);

 private:
  absl::Status EnsureConnected() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Disconnect() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string host_;
  const int port_;
  const absl::Duration timeout_;
  absl::Mutex mu_;
  redisContext* ctx_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace keyway::redis
