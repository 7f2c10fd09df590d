import pytest, time
from playwright.sync_api import sync_playwright, expect
from sesame.utils import get_query_string
from tests.servers import Server
from couples import services
from couples.models import SessionEvent
pytestmark = [pytest.mark.django_db(transaction=True)]

ARGS=["--headless","--no-sandbox","--disable-gpu","--disable-background-networking"]

def test_probe(couple, partners):
    server = Server().start()
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            ctx = b.new_context(base_url=server.url)
            page = ctx.new_page()
            page.goto("/login/link/" + get_query_string(partners[0]))
            print("url", page.url)
            practice = services.practice_session_start(couple=couple, started_by=partners[0])
            print("orm ok")
            page.goto(f"/sessions/{practice.public_id}/")
            expect(page.locator("#connection")).to_have_text("Connected")
            t=time.time()
            ctx.set_offline(True)
            try:
                expect(page.locator("#connection")).to_contain_text("Reconnecting", timeout=5000)
                print("offline detected after", time.time()-t)
            except AssertionError as e:
                print("no disconnect", e)
            ctx.set_offline(False)
            expect(page.locator("#connection")).to_have_text("Connected", timeout=15000)
            print("reconnected after", time.time()-t)
            page.add_script_tag(path="/work/main/tests/e2e/node_modules/axe-core/axe.min.js")
            t=time.time()
            r = page.evaluate("async () => (await axe.run(document, {resultTypes:['violations']})).violations.map(v => [v.id, v.impact, v.nodes.length])")
            print("axe", time.time()-t, r)
            t=time.time()
            page.screenshot(path="/tmp/probe/a.png", full_page=True)
            print("shot", time.time()-t)
            print(SessionEvent.objects.count())
            b.close()
    finally:
        server.stop()
