// A throw-away single-node etcd (3.4, v2 API on) for tests and benchmarks against a real server.
//
// Contract:
// * start() makes a directory `<parent_dir>/esisim-etcd-XXXXXX` (data in data/, the server's
//   log in etcd.log), picks two free loopback ports (client, peer), runs
//   `etcd --enable-v2 --data-dir ... --listen-client-urls http://127.0.0.1:<p> ...` and returns
//   once the v2 store answers with X-Etcd-Index >= `ready_index` (3: etcd's bootstrap writes
//   are applied, so the first client write gets index 4, as in the model). A port taken in
//   between is retried with new ports, up to `attempts` times.
// * The server is stopped (SIGTERM, then SIGKILL after `stop_polls` × 100 ms) and the directory
//   removed by stop() or the destructor, whichever comes first, also when a test failed. The
//   child gets PR_SET_PDEATHSIG, so it also dies if this process is killed.
// * Errors are values naming the binary, the directory and the end of the server's log.
// * This is the one place in sim/ that starts processes and sleeps (real time); polls are
//   counted, never timed with a clock.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "core/util/result.h"

namespace esisim::etcd_http {

struct TempEtcdOptions {
  std::string etcd_binary = "/usr/bin/etcd";
  std::string parent_dir = "/dev/shm";
  uint64_t ready_index = 3;
  int start_polls = 600;  // × 50 ms: up to 30 s on a loaded machine
  int stop_polls = 100;   // × 100 ms
  int attempts = 3;
};

class TempEtcd {
 public:
  // True when `options.etcd_binary` exists and is executable.
  static bool available(const TempEtcdOptions& options = {});
  static Result<std::unique_ptr<TempEtcd>> start(const TempEtcdOptions& options = {});

  ~TempEtcd();
  TempEtcd(const TempEtcd&) = delete;
  TempEtcd& operator=(const TempEtcd&) = delete;

  // Idempotent. Error when the process could not be reaped or the directory not removed.
  Status<> stop();

  const std::string& endpoint() const { return endpoint_; }  // "http://127.0.0.1:<port>"
  const std::string& dir() const { return dir_; }
  pid_t pid() const { return pid_; }

 private:
  TempEtcd(std::string dir, int stop_polls) : dir_(std::move(dir)), stop_polls_(stop_polls) {}
  // One attempt on fresh ports; false in `retry` when the failure is worth another attempt.
  Status<> launch(const TempEtcdOptions& options, bool& retry);
  std::string log_tail() const;

  std::string dir_;
  int stop_polls_;
  std::string endpoint_;
  pid_t pid_ = -1;
};

}  // namespace esisim::etcd_http
