"""A cut link for the client tests: forwards to the real server, then loses the reply or drops
part of the request body."""

import httpx

COUNTY = "540102"


class CuttingTransport(httpx.BaseTransport):
    """Forwards to the real server; ``plan(request, number)`` may say 'lose_reply' or ('truncate', n)."""

    def __init__(self, plan):
        self.inner = httpx.HTTPTransport()
        self.plan = plan
        self.count = 0
        self.cuts = 0

    def handle_request(self, request):
        self.count += 1
        action = self.plan(request, self.count)
        if isinstance(action, tuple) and action[0] == "truncate":
            body = request.read()[:action[1]]
            headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
            shortened = httpx.Request(request.method, request.url, headers=headers, content=body)
            self.inner.handle_request(shortened).close()
            self.cuts += 1
            raise httpx.ReadError("link dropped mid-chunk")
        response = self.inner.handle_request(request)
        if action == "lose_reply":
            response.read()
            response.close()
            self.cuts += 1
            raise httpx.ReadTimeout("link dropped before the reply arrived")
        return response
