"""Publication-URL checks against a local HTTP server only: reachable, unreachable (404,
refused, timeout, redirect loop, too large), and a file that differs from the submitted one."""

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from nianbao.review import urlfetch
from nianbao.review.models import UrlCheck
from nianbao.review.services import url_checks_request
from nianbao.review.tests.helpers import submit

SUBMITTED = b"%PDF-1.7 the submitted report"
OTHER = b"%PDF-1.7 another version of the report"
PAGE = "<html><body>年报 <a href='/nb.pdf'>下载</a></body></html>".encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):  # noqa: N802 (http.server's name)
        routes = {
            "/same.pdf": (200, SUBMITTED),
            "/other.pdf": (200, OTHER),
            "/page.html": (200, PAGE),
            "/big.pdf": (200, b"%PDF" + b"0" * 5000),
        }
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/same.pdf")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
            self.end_headers()
        elif self.path in routes:
            status, body = routes[self.path]
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


SHA = hashlib.sha256(SUBMITTED).hexdigest()


@pytest.mark.parametrize(
    ("path", "status", "detail"),
    [
        ("/same.pdf", "reachable", "一致"),
        ("/moved", "reachable", "一致"),  # redirects are followed
        ("/other.pdf", "differs", "不一致"),
        ("/page.html", "reachable", "未比对指纹"),
        ("/missing", "unreachable", "HTTP 404"),
        ("/loop", "unreachable", "重定向"),
    ],
)
def test_fetch_and_classify(server, path, status, detail):
    got, text = urlfetch.classify(urlfetch.fetch(server + path), SHA)
    assert got == status and detail in text


def test_timeout_and_size_limit_and_refused_connection(server):
    slow = urlfetch.fetch(server + "/slow", timeout=0.5)
    assert not slow.ok and "秒内无响应" in slow.detail
    big = urlfetch.fetch(server + "/big.pdf", max_bytes=1024)
    assert not big.ok and "超过" in big.detail
    refused = urlfetch.fetch("http://127.0.0.1:9/")
    assert not refused.ok and "无法连接" in refused.detail
    assert "http://" in urlfetch.fetch("ftp://127.0.0.1/x").detail


def test_the_background_job_records_each_result(world, server, django_capture_on_commit_callbacks):
    submit(world.report, url=server + "/other.pdf")  # the helper's fingerprint is "0" * 64
    submit(world.secondary_report, url=server + "/missing")
    with django_capture_on_commit_callbacks(execute=True):
        count = url_checks_request(actor=world.users["province_admin"],
                                   reports=[world.report, world.secondary_report])  # fmt: skip
        assert set(UrlCheck.objects.values_list("status", flat=True)) == {"pending"}
    assert count == 2
    checks = {c.report_id: c for c in UrlCheck.objects.all()}
    assert checks[world.report.pk].status == "differs"
    assert checks[world.secondary_report.pk].status == "unreachable"
    assert checks[world.secondary_report.pk].http_status == 404
