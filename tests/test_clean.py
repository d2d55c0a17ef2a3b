from __future__ import annotations

import pytest

from kg.clean import clean_text

PAGE = """健康网
  • 首页
  • 新闻
  • 政策
  • 专题
您当前的位置 :首页 > 新闻

某市推进中医馆建设

近日，某市卫生健康委员会召开会议。

IMG_20240101.jpg

义诊现场。某市融媒体中心记者 李明摄

会议要求各区县加快建设。

来源: 某市发布 编辑:
  • 相关新闻一
Copyright © 2024 某网站
"""


def test_clean_blanks_clutter_and_keeps_offsets() -> None:
    cleaned = clean_text(PAGE)
    assert len(cleaned) == len(PAGE) and cleaned.count("\n") == PAGE.count("\n")
    for clutter in (
        "首页",
        "专题",
        "您当前的位置",
        "IMG_20240101.jpg",
        "李明摄",
        "来源",
        "Copyright",
    ):
        assert clutter not in cleaned
    for content in ("某市推进中医馆建设", "某市卫生健康委员会召开会议", "会议要求各区县加快建设"):
        assert content in cleaned
        assert cleaned.index(content) == PAGE.index(content)


@pytest.mark.parametrize(
    "text",
    [
        "1. Improve the service network.\n2. Promote integration.\n3. Develop ethnic medicine.",
        "• 加强中医药人才队伍建设，培养一批骨干人才。\n• 完善中医药服务体系。\n• 推进中西医协同。",
    ],
)
def test_clean_keeps_lists_of_content(text: str) -> None:
    assert clean_text(text) == text


def test_clean_blanks_a_site_footer_but_not_a_duty_label() -> None:
    footer = "主办：某县人民政府办公室　承办：某县大数据发展中心\n渝ICP备00000000号"
    assert clean_text(footer).strip() == ""
    duty = "（三）加强人才培养。\n主办单位：市卫健委\n协办单位：市人社局"
    assert clean_text(duty) == duty


def test_clean_blanks_related_links_to_the_end() -> None:
    page = "The plan was issued.\nRelated: National Health Commission | State Council\nEnd"
    cleaned = clean_text(page)
    assert cleaned.startswith("The plan was issued.\n") and cleaned[21:].strip() == ""


def test_clean_a_source_line_above_the_article_is_a_header_not_the_end() -> None:
    title = "县域医共体里的中医药方案\n"
    header = "来源：温州日报　　发布时间：2025-01-16 09:42　　浏览次数：1386\n"
    article = "1月14日清晨，马屿镇中心卫生院的中医馆里已经排起了长队。" * 3
    page = title + header + article + "\n这是温州推进县域医共体中医药一体化建设的一个缩影。\n"
    cleaned = clean_text(page)
    assert "发布时间：2025-01-16" in cleaned  # the header dates the article
    assert "这是温州推进县域医共体中医药一体化建设的一个缩影" in cleaned
    footer = "正文第一段。正文第二段，内容较长。\n来源：温州日报\n相关新闻"
    assert clean_text(footer).split("\n")[1:] == [" " * 7, " " * 4]
