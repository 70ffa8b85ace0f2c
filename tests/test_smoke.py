async def test_login_and_create_channel(as_user):
    alex = await as_user("alex")
    assert alex.user["role"] == "ceo"
    cats = await alex.get("/api/categories")
    marketing = next(c for c in cats if c["name"] == "Marketing")
    ch = await alex.post("/api/channels", {"name": "Launch", "category_id": marketing["id"]}, expect=201)
    assert ch["name"] == "Launch" and ch["my_role"] == "owner"
    listed = await alex.get("/api/channels")
    assert ch["id"] in [c["id"] for c in listed["items"]]
