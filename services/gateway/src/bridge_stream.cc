#include "bridge_stream.h"

#include "device_messages.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "keyway/core/log.h"
#include "keyway/rpc/status.h"

namespace keyway::gateway {

HelloWatch::HelloWatch(absl::Duration within)
    : within_(within), ticks_(std::clamp(within / 4, absl::Milliseconds(50), absl::Seconds(1)), [this] {
        Check();
      }) {}

void HelloWatch::Add(BridgeStream* stream) {
  absl::MutexLock l(&mu_);
  waiting_[stream] = absl::Now();
}

void HelloWatch::Remove(BridgeStream* stream) {
  absl::MutexLock l(&mu_);
  waiting_.erase(stream);
}

void HelloWatch::Check() {
  absl::MutexLock l(&mu_);  // held: a stream cannot be deleted meanwhile
  const absl::Time now = absl::Now();
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    if (now - it->second < within_) {
      ++it;
      continue;
    }
    it->first->HelloTimedOut();
    waiting_.erase(it++);
  }
}

BridgeStream::BridgeStream(BridgeHub& hub, core::WorkerPool& workers, HelloWatch& hello_watch,
                           HelloGate& gate, std::string address)
    : hub_(hub), workers_(workers), hello_watch_(hello_watch), gate_(gate), address_(std::move(address)) {
  if (auto s = gate_.Enter(address_); !s.ok()) {
    absl::MutexLock l(&mu_);
    FinishLocked(rpc::ToGrpcStatus(s));
    return;
  }
  {
    absl::MutexLock l(&mu_);
    in_gate_ = true;
  }
  // Not under mu_: the watch takes its lock before a stream's (HelloTimedOut).
  hello_watch_.Add(this);
  StartRead(&in_);
}

void BridgeStream::LeaveGateLocked() {
  if (!in_gate_) return;
  in_gate_ = false;
  gate_.Leave(address_);
}

void BridgeStream::HelloTimedOut() {
  absl::MutexLock l(&mu_);
  if (said_hello_) return;
  FinishLocked(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                            absl::StrCat("a Bridge session begins with hello within ",
                                         absl::FormatDuration(hello_watch_.within()))));
}

void BridgeStream::OnReadDone(bool ok) {
  bool first = false;
  {
    absl::MutexLock l(&mu_);
    if (!ok) {
      FinishLocked(grpc::Status::OK);  // the Bridge closed its side, or the link broke
      return;
    }
    if (finish_) return;
    // The hello came in time, however long the workers take to get to it.
    first = !said_hello_;
    said_hello_ = true;
    if (first) {
      // Authenticating asks org: only so many at once, the rest refused now
      // rather than queued in front of authenticated Bridges' messages.
      if (auto s = gate_.StartHello(); !s.ok()) {
        FinishLocked(rpc::ToGrpcStatus(s));
        return;
      }
    }
    ++holds_;
    workers_.Post([this] {
      HandleGuarded();
      Release();
    });
  }
  if (first) hello_watch_.Remove(this);  // not under mu_: the watch locks before the stream
}

void BridgeStream::HandleGuarded() {
  // A Bridge's bytes must never end the process: whatever escapes the
  // handling of one message ends that Bridge's session only.
  try {
    Handle();
    return;
  } catch (const std::exception& e) {
    core::Log(core::Severity::kError, "exception handling a Bridge message").With("detail", e.what());
  } catch (...) {
    core::Log(core::Severity::kError, "exception handling a Bridge message");
  }
  absl::MutexLock l(&mu_);
  FinishLocked(grpc::Status(grpc::StatusCode::INTERNAL,
                            "internal error handling the Bridge's message; reconnect"));
}

void BridgeStream::Handle() {
  if (session_ == nullptr) {
    struct HelloDone {
      HelloGate& gate;
      ~HelloDone() { gate.EndHello(); }
    } done{gate_};
    {
      absl::MutexLock l(&mu_);
      if (finish_) return;  // cancelled meanwhile
    }
    if (!in_.has_hello()) {
      absl::MutexLock l(&mu_);
      FinishLocked(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                "a Bridge session begins with hello (its credential)"));
      return;
    }
    if (auto s = ValidateBridgeMessage(in_, absl::Now()); !s.ok()) {
      absl::MutexLock l(&mu_);
      FinishLocked(rpc::ToGrpcStatus(s));
      return;
    }
    auto opened = hub_.Open(in_.hello(), this);
    if (!opened.ok()) {
      absl::MutexLock l(&mu_);
      FinishLocked(rpc::ToGrpcStatus(opened.status()));
      return;
    }
    session_ = std::move(*opened);
    absl::MutexLock l(&mu_);
    LeaveGateLocked();  // authenticated: no longer on the hello budget
  } else {
    hub_.Receive(*session_, in_);
  }
  absl::MutexLock l(&mu_);
  if (!finish_) StartRead(&in_);
}

void BridgeStream::Send(v1::BridgeSessionResponse message) {
  absl::MutexLock l(&mu_);
  if (finish_) return;
  queued_.push_back(std::move(message));
  WriteNextLocked();
}

void BridgeStream::Cancel(const absl::Status& why) {
  absl::MutexLock l(&mu_);
  FinishLocked(rpc::ToGrpcStatus(why));
}

void BridgeStream::WriteNextLocked() {
  if (writing_ || finish_ || queued_.empty()) return;
  writing_message_ = std::move(queued_.front());
  queued_.pop_front();
  writing_ = true;
  StartWrite(&writing_message_);
}

void BridgeStream::OnWriteDone(bool ok) {
  absl::MutexLock l(&mu_);
  writing_ = false;
  if (!ok && !finish_) finish_ = grpc::Status::OK;  // the link is gone
  if (finish_) {
    // Wanted while this write was in flight, or now: sent once, here.
    if (!finished_) {
      finished_ = true;
      Finish(*finish_);
    }
    return;
  }
  WriteNextLocked();
}

void BridgeStream::FinishLocked(const grpc::Status& status) {
  if (finish_) return;
  finish_ = status;
  queued_.clear();
  if (!writing_) {  // else OnWriteDone finishes
    finished_ = true;
    Finish(status);
  }
}

void BridgeStream::OnCancel() {
  absl::MutexLock l(&mu_);
  FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the Bridge session was cancelled"));
}

void BridgeStream::OnDone() { Release(); }

void BridgeStream::Release() {
  {
    absl::MutexLock l(&mu_);
    if (--holds_ > 0) return;
    LeaveGateLocked();
  }
  hello_watch_.Remove(this);
  if (session_ != nullptr) {
    session_->End();  // no Send or Cancel reaches this stream from now on
    workers_.Post([&hub = hub_, session = std::move(session_)] { hub.Close(session); });
  }
  delete this;
}

}  // namespace keyway::gateway
