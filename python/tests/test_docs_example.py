"""docs/python.md's complete example, run exactly as written (the fenced block between the
`<!-- example:quickstart -->` markers), with a fixed TimeSource and no real sleeping."""

import asyncio
import re

from otpkit import CodeGenerator, OtpParams, Secret
from otp_vectors import REPO, FixedTime

DOC = REPO / "docs" / "python.md"
T = 1_700_000_000  # 20 s into a 30 s step


def example_source():
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"<!-- example:quickstart -->\n```python\n(.*?)```\n<!-- /example:quickstart -->", text, re.S)
    assert m, "docs/python.md has no quickstart example block"
    return m.group(1)


def test_the_doc_example_runs_and_prints_what_it_says(tmp_path, capsys):
    source = example_source()
    namespace = {"__name__": "docs_example"}  # not __main__: the block's asyncio.run(main()) is skipped
    exec(compile(source, str(DOC), "exec"), namespace)
    clock = FixedTime(T)

    async def fake_sleep(seconds):
        clock.now += seconds

    asyncio.run(namespace["main"](time=clock, ticks=3, sleep=fake_sleep, folder=str(tmp_path)))
    out = capsys.readouterr().out.splitlines()

    g = CodeGenerator(Secret.from_base32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), OtpParams.TOTP())
    now, later = g.code_at(T), g.code_at(T + 30)
    assert out == [
        "added ACME: alice@example.com",
        f"{now}  (next {later}, 10s left)",
        f"{now}  (next {later}, 9s left)",
        f"{now}  (next {later}, 8s left)",
        "SMS code 482913 from acme.example (shown as '482913')",
        "first: accepted",
        "again: VerifyOutcome.REPLAYED()",
    ]
    assert (tmp_path / "accounts.otpkit").is_file()


def test_the_example_block_is_a_script():
    source = example_source()
    assert 'if __name__ == "__main__":\n    asyncio.run(main())' in source
    code = compile(source, "quickstart.py", "exec")
    assert "main" in code.co_names
