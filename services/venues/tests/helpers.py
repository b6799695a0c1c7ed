HEADER = "venue_id,venue_type,county_code,name_zh,name_bo,address,lat,lon,operator,contact\n"


def csv_bytes(rows: list[str], encoding: str = "utf-8") -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode(encoding)


GOOD = [
    ",bank,540102,示例银行城关支行,,拉萨市城关区示例路1号,29.65,91.13,示例金融公司,0891-5550001",
    "demo-shop-1,shop,542523,示例超市,,噶尔县示例街2号,,,示例商贸公司,0897-5550002",
]
