"""The baseline for benches/warm_post.rs: a warm post the way a short Python script makes it.

An image uploaded with OAuth 1.0a (requests-oauthlib), then the post with the OAuth 2.0 bearer
token, then the post's URL printed. Reads the same variables as xpost, plus XPOST_BENCH_TOKEN
(the bearer token) and XPOST_BENCH_TEXT.
"""
import os
import sys

import requests
from requests_oauthlib import OAuth1

base = os.environ["X_API_BASE"].rstrip("/")
auth = OAuth1(
    os.environ["X_API_KEY"],
    os.environ["X_API_SECRET"],
    os.environ["X_ACCESS_TOKEN"],
    os.environ["X_ACCESS_TOKEN_SECRET"],
)
with open(sys.argv[1], "rb") as image:
    upload = requests.post(
        f"{base}/2/media/upload",
        files={"media": ("image.png", image, "image/png")},
        data={"media_category": "tweet_image"},
        auth=auth,
    )
upload.raise_for_status()
media_id = upload.json()["data"]["id"]

post = requests.post(
    f"{base}/2/tweets",
    json={"text": os.environ["XPOST_BENCH_TEXT"], "media": {"media_ids": [media_id]}},
    headers={"Authorization": f"Bearer {os.environ['XPOST_BENCH_TOKEN']}"},
)
post.raise_for_status()
print(f"https://x.com/i/web/status/{post.json()['data']['id']}")
