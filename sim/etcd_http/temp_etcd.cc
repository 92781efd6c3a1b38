#include "sim/etcd_http/temp_etcd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "sim/etcd_http/http_keys_api.h"

namespace esisim::etcd_http {
namespace {

constexpr size_t kLogTailBytes = 1500;

// Two distinct free loopback ports, found by binding to port 0 (both sockets open at once).
Result<std::array<int, 2>> free_ports() {
  std::array<int, 2> sockets{-1, -1};
  std::array<int, 2> ports{0, 0};
  std::string problem;
  for (size_t i = 0; i < sockets.size() && problem.empty(); ++i) {
    sockets[i] = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (sockets[i] < 0 || bind(sockets[i], reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        getsockname(sockets[i], reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      problem = "cannot find a free loopback port";
    } else {
      ports[i] = ntohs(address.sin_port);
    }
  }
  for (int fd : sockets) {
    if (fd >= 0) close(fd);
  }
  if (!problem.empty()) return Error{1, problem};
  return ports;
}

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace

bool TempEtcd::available(const TempEtcdOptions& options) {
  return access(options.etcd_binary.c_str(), X_OK) == 0;
}

Result<std::unique_ptr<TempEtcd>> TempEtcd::start(const TempEtcdOptions& options) {
  if (!available(options)) {
    return Error{1, options.etcd_binary + " is not an executable (run scripts/install-deps.sh)"};
  }
  std::string pattern = options.parent_dir + "/esisim-etcd-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) return Error{1, "cannot create " + pattern};
  std::unique_ptr<TempEtcd> etcd(new TempEtcd(buffer.data(), options.stop_polls));
  Status<> launched = Error{1, "attempts is 0"};
  for (int attempt = 0; attempt < options.attempts; ++attempt) {
    bool retry = false;
    launched = etcd->launch(options, retry);
    if (launched.ok() || !retry) break;
  }
  if (!launched.ok()) return launched.error();  // the destructor stops it and removes the dir
  return etcd;
}

Status<> TempEtcd::launch(const TempEtcdOptions& options, bool& retry) {
  retry = false;
  std::error_code ec;
  std::filesystem::remove_all(dir_ + "/data", ec);  // what a failed attempt left
  auto ports = free_ports();
  if (!ports.ok()) return ports.error();
  std::string client_url = "http://127.0.0.1:" + std::to_string((*ports)[0]);
  std::string peer_url = "http://127.0.0.1:" + std::to_string((*ports)[1]);
  std::vector<std::string> args = {options.etcd_binary,
                                   "--name=default",
                                   "--enable-v2=true",
                                   "--data-dir=" + dir_ + "/data",
                                   "--listen-client-urls=" + client_url,
                                   "--advertise-client-urls=" + client_url,
                                   "--listen-peer-urls=" + peer_url,
                                   "--initial-advertise-peer-urls=" + peer_url,
                                   "--initial-cluster=default=" + peer_url};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::string log_path = dir_ + "/etcd.log";
  int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) return Error{1, "cannot create " + log_path};
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(126);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  if (pid < 0) return Error{1, "fork failed for " + options.etcd_binary};
  pid_ = pid;
  endpoint_ = client_url;

  HttpKeysApiOptions poll_options;
  poll_options.request_timeout_ms = 1000;
  HttpKeysApi api(endpoint_, poll_options);
  for (int poll = 0; poll < options.start_polls; ++poll) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      retry = true;  // most likely a port taken since free_ports()
      return Error{
          1, options.etcd_binary + " exited while starting in " + dir_ + "; log:\n" + log_tail()};
    }
    auto root = api.get("/", {});
    if (root.ok() && root->etcd_index >= options.ready_index) return Unit{};
    sleep_ms(50);
  }
  return Error{1, options.etcd_binary + " in " + dir_ + " did not reach index " +
                      std::to_string(options.ready_index) + " within start_polls (" +
                      std::to_string(options.start_polls) + " × 50 ms); log:\n" + log_tail()};
}

std::string TempEtcd::log_tail() const {
  std::ifstream in(dir_ + "/etcd.log", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string log = text.str();
  if (log.size() > kLogTailBytes) log = "..." + log.substr(log.size() - kLogTailBytes);
  return log;
}

Status<> TempEtcd::stop() {
  std::string problem;
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    bool reaped = false;
    for (int poll = 0; poll < stop_polls_ && !reaped; ++poll) {
      int status = 0;
      reaped = waitpid(pid_, &status, WNOHANG) == pid_;
      if (!reaped) sleep_ms(100);
    }
    if (!reaped) {
      kill(pid_, SIGKILL);
      int status = 0;
      if (waitpid(pid_, &status, 0) != pid_)
        problem = "cannot reap etcd pid " + std::to_string(pid_);
    }
    pid_ = -1;
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    if (ec)
      problem += (problem.empty() ? "" : "; ") + ("cannot remove " + dir_ + ": " + ec.message());
    dir_.clear();
  }
  if (!problem.empty()) return Error{1, problem};
  return Unit{};
}

TempEtcd::~TempEtcd() { stop(); }

}  // namespace esisim::etcd_http
