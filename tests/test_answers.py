"""The questions the answering issue quotes, asked as a user asks them: through `python -m bot ask --jsonl`.

One process answers every line (each chat a conversation of its own), so the whole file costs one
start-up. What is asserted is what a reader looks for: the figure, the operator, the calculation,
and that no other operator's figure turns up in a decline.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.knowledge_base import uncovered_operator
from tests.test_cli import jsonl

UNCOVERED = uncovered_operator()  # no article covers it (knowledge/operators.yaml `not_covered`)

CONVERSATIONS: dict[str, list[str]] = {
    "mobifone": ["MobiFone đóng góp bao nhiêu?"],
    "mbf": ["mbf đóng góp bn tỷ?"],
    "viettel": ["Viettel đóng góp bao nhiêu?"],
    "camera": ["camera"],
    "most": ["Nhà mạng nào đóng góp nhiều nhất?"],
    "more": ["Which operator gave more, Viettel or MobiFone?"],
    "vnpt_more": ["VNPT góp quỹ vắc xin nhiều hơn Viettel bao nhiêu?"],
    "staff": ["Viettel có bao nhiêu nhân viên?"],
    "profit": ["Năm 2013 Viettel lãi bao nhiêu?"],
    "age": ["Bà Vân bao nhiêu tuổi?"],
    "uncovered": [f"{UNCOVERED} lắp bao nhiêu camera?"],
    "each_item_amount": ["Viettel tặng sổ tiết kiệm cho ai?", "mỗi sổ trị giá bao nhiêu?"],
    "closing_words": ["Viettel có bao nhiêu khách hàng hả bạn"],
    "place_closing": ["ở tỉnh nào thế bạn?"],
    "the_other_first": ["thế còn bên kia thì sao?"],
    "parts_within_whole": [
        "Trong 178 trung tâm hội chẩn, số ở bệnh viện tỉnh, huyện hơn số ở bệnh viện thành phố bao nhiêu?"
    ],
    "parts_added": [
        "Số trung tâm hội chẩn ở bệnh viện thành phố và ở bệnh viện tuyến tỉnh, huyện tổng cộng là bao nhiêu?"
    ],
    "when_ended": ["Đợt khám Viettel vì cộng đồng ở Tây Bắc kết thúc khi nào?"],
    "what_next": ["Sau Lai Châu và Điện Biên, Viettel đi tiếp tỉnh nào?"],
    "consultations_held": ["Các trung tâm hội chẩn từ xa của Viettel đã thực hiện bao nhiêu ca hội chẩn?"],
    "funder_asked": ["Viettel tặng Bộ Y tế bao nhiêu trung tâm hội chẩn?", "số tiền đó ở đâu ra?"],
    "hour_asked": ["MobiFone trao 200 tỷ cho quỹ vắc xin vào mấy giờ?"],
    "switch_after_shortfall": [
        "VNPT lắp bao nhiêu camera?",
        "còn thiếu bao nhiêu để đủ 10.000?",
        "còn Viettel thì sao?",
    ],
    "year_checked": ["Viettel vì cộng đồng bắt đầu từ năm 2015 đúng không?"],
    "year_undated": ["MobiFone góp 200 tỷ cho quỹ vắc xin năm 2020 đúng không?"],
    "target_as_done": ["VNPT lắp xong 10.000 camera rồi phải không?"],
    "either_count": ["Tỉnh Nam Định có 5 hay 6 đơn vị viễn thông?"],
    "leader_elsewhere": ["Bà Phạm Thị Thanh Vân là lãnh đạo VNPT à?"],
    "leader_elsewhere_en": ["Is Lê Đăng Dũng the CEO of VNPT?"],  # a name's diacritics in an English question
    # names no list holds: a brand ending ("-Fone"), and a company word after a name that looks like "alo"
    "uncovered_brand": ["Q-Fone đóng góp chống dịch tổng cộng bao nhiêu?"],
    "uncovered_company": ["Zalo Telecom góp quỹ vắc xin bao nhiêu?"],
    "hello": ["chào bot"],
    "anyone": ["alo alo có ai ko"],
    "nod": ["vâng ạ"],
    "emoji": ["👍"],
    "name": ["bạn tên gì"],
    "thanks_lot": ["thanks a lot"],
    "xin_chao": ["xin chào"],
    "who": ["bạn là ai"],
    "thanks_en": ["thanks!"],
    "when_first": ["khi nào?"],
    "check_no": ["Viettel góp 200 tỷ đúng không?"],
    "check_no_teen": ["mobifone góp 450 tỷ phải ko"],
    "check_yes": ["Viettel góp 450 tỷ cho quỹ vắc xin đúng không?"],
    "check_unknown": ["VNPT có đóng góp quỹ vắc xin không?"],
    "check_particle": ["nghe nói VNPT lắp 4000 camera hả"],
    "check_whose": ["Sổ sức khỏe điện tử là của MobiFone hả?"],
    "name_of": ["tổng đài viên ảo của vt tên gì"],
    "name_not_given": ["chuyên gia viễn thông nhận xét về Viettel tên là gì?"],
    "unit_in_place": ["What did VNPT do in Nam Dinh during the pandemic?"],
    "which_operators": ["Những nhà mạng nào đóng góp cho Quỹ vắc xin?"],
    "vnpt_did": ["VNPT đã làm gì để chống dịch?"],
    "vnpt_nd": ["VNPT Nam Định hỗ trợ những gì?"],
    "when": ["MobiFone góp bao nhiêu cho quỹ vắc xin?", "khi nào?"],
    "where": ["Viettel lắp bao nhiêu camera?", "ở đâu?"],
    "worth": ["Viettel tặng Bộ Y tế bao nhiêu trung tâm hội chẩn từ xa?", "trị giá bao nhiêu?"],
    "worth_en": ["How many remote consultation centres did Viettel present?", "how much was it worth?"],
    "he_said": ["Ai là chủ tịch Viettel?", "ông ấy nói gì?"],
    "she_said": ["Who is Pham Thi Thanh Van?", "how many customers according to her?"],
    "days_apart": ["Chương trình Viettel vì cộng đồng tới Lai Châu ngày nào?", "cách Hà Giang mấy ngày?"],
    "days_apart_en": ["When was Viettel's community programme in Ha Giang?", "and Lai Chau?", "how many days apart?"],
    "meeting_what": ["vnpt meeting la j v ad"],
    "days_between_places": ["Viettel về Hà Giang ngày nào?", "còn Điện Biên?", "cách nhau mấy ngày?"],
    "that_is_people": [
        "bà Vân nói Viettel có bao nhiêu khách hàng?",
        "trong đó thu nhập thấp bao nhiêu %?",
        "tức là khoảng bao nhiêu triệu người?",
    ],
    "whose_is_it": ["Cyber Bot gọi được bao nhiêu cuộc?", "nó của nhà mạng nào?"],
    "which_did": ["MobiFone có làm chương trình khám bệnh ở Tây Bắc ko?", "thế mạng nào làm?"],
    "switch_own_subject": [
        "How much did MobiFone give to the vaccine fund?",
        "and in total?",
        "and Viettel's vaccine fund pledge?",
    ],
    "plus_other_count": ["viettel xong bn co so kham chua benh tu xa", "cong voi so trung tam hoi chan la bn"],
    "he_committed": ["Ai là chủ tịch kiêm tổng giám đốc Viettel?", "ông ấy cam kết gì khi Viettel góp quỹ vắc xin?"],
    "ratio_of_them": [
        "How much did Viettel give to the vaccine fund?",
        "what about MobiFone?",
        "what's the ratio between them?",
    ],
    "months_between_answers": [
        "chương trình Viettel vì cộng đồng ở Tây Bắc bắt đầu tháng mấy?",
        "còn chiến lược chăm sóc khách hàng kết hợp xã hội từ bao giờ?",
        "cách nhau mấy tháng?",
    ],
    "and_residents": ["Nam Định có bao nhiêu đơn vị viễn thông?", "họ hỗ trợ trường học thế nào?", "còn người dân?"],
    "per_item_after": ["How many cameras did VNPT install?", "in how many provinces?", "how many per facility?"],
    "both_sides": ["Viettel góp quỹ vắc xin bao nhiêu?", "còn mobi?", "tổng cộng hai bên?"],
    "share_in_that": [
        "Mạng nào góp 200 tỷ vào quỹ vắc xin?",
        "họ góp tổng cộng bao nhiêu cho chống dịch?",
        "200 tỷ chiếm mấy % trong đó?",
    ],
    "mean_per_operator": ["camera cach ly cua viettel bn cai", "vnpt?", "trung binh moi nha mang?"],
    "switch_off_subject": ["cyber bot goi bn cuoc", "con mbf"],
    "part_of_it": ["What is MobiFone's total contribution to Covid-19 prevention?", "And the vaccine fund part?"],
    "through_what": ["các nhà mạng ở Nam Định gửi thông báo tới bao nhiêu thuê bao", "qua đâu?"],
    "source": ["Viettel góp quỹ vắc xin bao nhiêu?", "Ai là người đứng đầu Bộ Y tế?", "nguồn?"],
    "source_en": ["How many cameras did VNPT install?", "which article?"],
    "source_first": ["nguồn?"],
    "they_opening": [
        "Các bác sĩ trong chương trình Viettel vì cộng đồng thuộc chuyên khoa nào?",
        "họ khám ở những tỉnh nào?",
    ],
    "after_most": ["Nhà mạng nào ủng hộ quỹ vắc xin nhiều nhất?", "nhiều hơn MobiFone bao nhiêu?"],
    "per_item_unnamed": ["VNPT lắp bao nhiêu camera cách ly?", "bình quân mỗi cơ sở mấy cái?"],
    "total_both_operators": ["Viettel lắp bao nhiêu camera?", "còn VNPT?", "tổng cả hai nhà mạng?"],
    "short_of_about": ["VNPT đầu tư để kết nối bao nhiêu camera?", "lắp được bao nhiêu rồi?", "còn thiếu khoảng bn?"],
    "share_about": ["MobiFone góp tổng cộng bao nhiêu?", "trong đó cho quỹ vắc xin?", "chiếm khoảng bao nhiêu %?"],
    "figure_whose": ["Viettel lắp 10.000 camera phải không?", "vậy 10.000 camera là của mạng nào?"],
    "years_apart_events": [
        "Viettel vì cộng đồng bắt đầu năm nào?",
        "Viettel trao trung tâm hội chẩn năm nào?",
        "hai sự kiện cách nhau bao nhiêu năm?",
    ],
    "add_both_amounts": [
        "Viettel ủng hộ quỹ vắc xin bao nhiêu?",
        "nhân viên Viettel quyên góp bao nhiêu cho trung tâm hội chẩn?",
        "cộng hai khoản lại là bao nhiêu?",
    ],
    "part_of_joint": ["Nhạc chờ phòng dịch ở Nam Định đến bao nhiêu thuê bao?", "riêng Viettel Nam Định bao nhiêu?"],
    "of_which": ["MobiFone đóng góp tổng cộng bao nhiêu cho chống dịch?", "trong đó quỹ vắc xin bao nhiêu?"],
    "whole_less_named_part": ["tổng đóng góp của mbf trừ quỹ vắc xin thì còn bn"],
    "whole_less_stated_part": ["Gần 2.000 tỷ của MobiFone trừ đi 200 tỷ góp quỹ vắc xin thì còn bao nhiêu?"],
    "place_inside_area": ["Đà Nẵng có bao nhiêu camera của VNPT?"],
    "place_not_counted": ["Viettel có bao nhiêu trung tâm hội chẩn từ xa ở Hà Nội?"],
    "title_teencode": ["ông dũng bên viettel chức j vậy mn"],
    "switch_lacking": ["MobiFone góp quỹ vắc xin bn?", "khi nào?", "còn Viettel?"],
    "switch_asking": ["MobiFone góp quỹ vắc xin bn?", "còn Viettel thì ngày nào?"],
    "switch": ["Viettel ủng hộ Quỹ vắc xin bao nhiêu?", "còn MobiFone thì sao?", "còn VNPT?"],
    "percent_more": ["Viettel góp quỹ vắc xin nhiều hơn MobiFone bao nhiêu %?"],
    "besides": ["Ngoài 200 tỷ góp quỹ vắc xin, MobiFone còn đóng góp bao nhiêu nữa?"],
    "share_of_whole": ["MobiFone tổng cộng góp bao nhiêu chống dịch?", "vậy 200 tỷ cho quỹ vắc xin chiếm mấy %?"],
    "times": ["vt gop quy vac xin gap may lan mobi"],
    "mean_of_three": ["What is the average vaccine-fund contribution of the three operators?"],
    "mean": ["Trung bình mỗi nhà mạng Viettel, MobiFone góp quỹ vắc xin bao nhiêu?"],
    "besides_named": ["Ngoài quỹ vắc xin, MobiFone đóng góp thêm bao nhiêu cho chống dịch?"],
    "part_people": ["30% khách hàng thu nhập thấp của Viettel là khoảng bao nhiêu người?"],
    "percent_rest": ["Bao nhiêu % khách hàng của Viettel không thuộc nhóm thu nhập thấp?"],
    "joint_figure": ["Tổng đóng góp chống dịch của Viettel hơn của MobiFone bao nhiêu?"],
    "other_place": ["vnpt lap bn camera o ha noi"],
    "fund_whole": ["Quỹ vắc xin đã nhận được tổng cộng bao nhiêu tiền?"],
    "answered_about": ["which operator installed about 4000 cameras?", "how about VNPT?", "difference?"],
    "top_up": ["Làm sao nạp tiền điện thoại?"],
    "unit_amount": ["MobiFone Nam Định hỗ trợ bao nhiêu tiền chống dịch?"],
    "locality": ["Chương trình Viettel vì cộng đồng khám ở xã nào của Điện Biên?"],
    "provinces_in_region": ["Viettel lắp camera cho những tỉnh miền Bắc nào?"],
    "receivers_representative": ["Ai thay mặt Bộ Y tế tiếp nhận các trung tâm hội chẩn của Viettel?"],
    "unit_head": ["Who heads Viettel Nam Dinh?"],
    "privilege": ["Viettel có bao nhiêu khách hàng Privilege?"],
    "share_sides": ["VNPT mới lắp được bao nhiêu % so với 10.000 camera định kết nối?"],
    "two_sides": ["VNPT định kết nối số camera gấp mấy lần số camera Viettel đã lắp?"],
    "compare_later": ["MobiFone góp quỹ vắc xin bao nhiêu?", "Viettel góp nhiều hơn bao nhiêu?"],
    "compare_with_answer": [
        "VNPT đang đầu tư hạ tầng để kết nối bao nhiêu camera?",
        "So với số đã lắp thì còn thiếu bao nhiêu?",
        "Đã đạt bao nhiêu % rồi?",
    ],
    "whole_and_part": [
        "How many remote consultation centres did Viettel present?",
        "plus those in province hospitals, in all?",
    ],
    "check_unstated_side": ["Was the 2013 Viettel community programme more expensive than the VND 19 billion centres?"],
    "speaker_unnamed": [
        "MobiFone muốn góp phần đảm bảo mục tiêu gì của Chính phủ?",
        "ai nói vậy?",
        "người đó tên là gì?",
    ],
    "used_by_it": ["VNPT Nam Định cung cấp miễn phí phần mềm họp trực tuyến nào?", "Ai sử dụng nó?"],
    "operators_did": ["What did Vietnamese telecom operators do to fight COVID-19?"],
    "article_of_place": ["Bài về các nhà mạng ở Nam Định đăng ngày nào?"],
    "leader_unnamed": ["Lãnh đạo VNPT nào thông báo hoàn thành lắp đặt camera giám sát?"],
    "expert_unnamed": ["Who is the telecom expert quoted on Viettel's community work?"],
    "expert_quoted": ["Theo một chuyên gia viễn thông, hoạt động vì cộng đồng của Viettel thể hiện quan điểm của ai?"],
    "hospitals_unnamed": ["Which hospitals received the 27 city-level consultation centres?"],
    "region_not_visited": ["vt vi cong dong o tay nguyen to chuc ngay nao"],
    "amount_planned": ["Năm tới MobiFone dự kiến góp thêm bao nhiêu tỷ?"],
    "publisher_unstated": ["Nguyễn Hương là phóng viên báo nào?"],
    "position_not_held": ["ai là tổng giám đốc Viettel Telecom?"],
    "uncovered_everyday_words": ["Hòa Bình Telecom có tổng đài ảo gọi bao nhiêu cuộc?"],
    "whole_of_share": ["Viettel tặng bao nhiêu trung tâm hội chẩn?", "vậy cả nước có khoảng bao nhiêu bệnh viện công?"],
    "hospitals_of_operator": ["Viettel có bao nhiêu bệnh viện?"],
    "first_and_last": [
        "Viettel vì cộng đồng tháng 11/2013 tổ chức ở những tỉnh nào?",
        "tỉnh đầu tiên ngày nào?",
        "how many days between the first and the last one?",
    ],
    "check_anothers_figure": ["Có phải VNPT là nhà mạng đóng 450 tỷ vào Quỹ vắc xin?"],
    "check_anothers_region": ["nghe nói VNPT lắp 4.000 camera ở miền Bắc, đúng hông?"],
    "check_no_ones_figure": ["VNPT có góp 300 tỷ vào quỹ vắc xin không?"],
    "instalments": ["Viettel chuyển 450 tỷ vào Quỹ vắc xin trong mấy đợt?"],
    "to_go": [
        "How many cameras is VNPT building capacity to connect?",
        "how many has it installed?",
        "so how many to go?",
    ],
    "both_after_one": ["Viettel lắp bao nhiêu camera ở khu cách ly?", "tổng cộng 2 nhà mạng lắp bao nhiêu cam"],
    "vnpt_gave": ["How much did VNPT give?"],
    "platform_component": ["ssk điện tử là 1 trong mấy tp của nền tảng tiêm chủng qg"],
    "share_of_two": ["Viettel chiếm bao nhiêu % tổng số tiền Viettel và MobiFone góp quỹ vắc xin?"],
    "mean_then_share": [
        "Viettel với MobiFone góp quỹ vắc xin tổng cộng bao nhiêu?",
        "trung bình mỗi bên?",
        "Viettel chiếm bao nhiêu %?",
    ],
    "place_in_preamble": ["Tôi là phóng viên ở Hà Nội. Viettel góp quỹ vắc xin bao nhiêu tiền?"],
    "average_rounded": ["19 tỷ cho 178 trung tâm hội chẩn, vậy mỗi trung tâm khoảng bao nhiêu triệu?"],
    "target_of_named": ["What's VNPT's target number of connected cameras at quarantine zones?"],
    "region_of_another": ["Camera của VNPT lắp ở các tỉnh phía Bắc đúng không?"],
    "named_part_share": ["Bao nhiêu % trong 178 trung tâm hội chẩn nằm ở bệnh viện tuyến tỉnh, huyện?"],
    "mean_of_the_two": ["What's the average vaccine fund contribution of the two operators that gave?"],
    "share_of_the_two": ["What share of the two operators' combined vaccine pledges came from Viettel?"],
    "outside_the_part": ["How much of MobiFone's total Covid contribution was outside the vaccine fund?"],
    "whole_after_share": [
        "MobiFone góp quỹ vắc xin bao nhiêu?",
        "tổng cộng MobiFone đóng góp chống dịch bao nhiêu?",
        "200 tỷ chiếm mấy %?",
        "and Viettel's total covid contributions?",
    ],
    "my_network": ["MobiFone mạng mình góp quỹ vắc xin bao nhiêu nhỉ?"],
    "said_of_one_asked_of_uncovered": [f"mạng mình MobiFone góp 200 tỷ, vậy {UNCOVERED} góp bn?"],
    "minister_unnamed": ["Bộ trưởng Bộ Y tế lúc nhận 178 trung tâm hội chẩn là ai?"],
    "sum_of_an_answer": ["camera", "tổng bn cái"],
    "year_not_given": ["How much did MobiFone contribute in 2022?"],
    "parts_of_the_whole_said": ["How many of the 178 centers are in hospitals (city plus province/district)?"],
    "millions_of_the_rest": ["Khách hàng Viettel không thuộc nhóm thu nhập thấp khoảng bao nhiêu triệu?"],
    "which_solutions": ["Viettel đã hỗ trợ những giải pháp công nghệ nào để chống dịch?"],
    "invited_not_each": ["Viettel vì cộng đồng mời bác sĩ chuyên khoa nào?"],
    "beginning_not_where": ["Từ tháng 6/2013 đến đầu tháng 11/2013 là mấy tháng Viettel triển khai chiến lược?"],
    "he_of_two": ["Who heads Viettel Group according to the articles?", "what did he say?"],
    "per_article": ["Những nhà mạng nào góp tiền vào Quỹ vắc xin theo bài báo?"],
    "summary_of_all": ["tóm tắt giúp mình vụ các nhà mạng góp quỹ vắc xin"],
    "mobifone_did": ["MobiFone đã làm gì để chống dịch?"],
    "mean_each_operator": ["trung binh moi nha mang gop quy vac xin bn"],
    "check_with_particle": ["các trung tâm hội chẩn trị giá 90 tỷ hả?"],
    "subject_share": [
        "Số trung tâm đặt tại bệnh viện tuyến tỉnh, huyện chiếm bao nhiêu phần trăm bệnh viện công cả nước?"
    ],
    "cost_of_other_thing": ["How many remote examination facilities did Viettel complete?", "how much did they cost?"],
    "more_than_a_figure": ["VNPT lắp hơn 2.400 camera trên bao nhiêu cơ sở cách ly tập trung?"],
    "per_area_unknown": ["How many cameras does Viettel put in each quarantine area?"],
    "minutes_in_total": ["How many minutes did Cyber Bot spend on the phone in total?"],
    "camera_resolution": ["What resolution are the VNPT quarantine cameras?"],
    "fund_received_after": [
        "Viettel góp quỹ vắc xin bao nhiêu?",
        "còn MobiFone?",
        "quỹ đó tổng cộng có bao nhiêu tiền?",
    ],
    "other_company_compared": ["Viettel góp nhiều hơn Vingroup không?"],
    "again_next_year": ["Năm 2022 Viettel có góp tiếp không?"],
    "birthplace": ["Where was Pham Thi Thanh Van born?"],
    "part_of_a_whole_said": ["How many of the 200,000 called subscribers installed Bluezone?"],
    "invested": ["How much did VNPT invest in the camera infrastructure?"],
    "villages": ["How many villages did the programme visit?"],
    "two_questions": ["VNPT đã lắp bao nhiêu camera, mục tiêu bao nhiêu?"],
    "two_then_follow_up": ["Viettel lắp bao nhiêu camera, VNPT lắp bao nhiêu?", "cộng lại?"],
    "list_in_one_question": ["Tổng 3 nhà mạng Viettel, MobiFone, VNPT góp quỹ vắc xin bao nhiêu?"],
    "minister_which": ["Which minister received the 178 centres?"],
    "place_overview": ["Các nhà mạng ở Nam Định hỗ trợ người dân chống dịch thế nào?"],
    "unit_switches": ["VNPT làm gì ở Nam Định mùa dịch", "còn viettel nđ", "mobifone nđ thì sao"],
    "carriers_fund": ["Overview please: what did Vietnamese carriers contribute to the Covid-19 vaccine fund?"],
    "unit_did": ["Viettel Nam Định đã làm gì trong phòng chống dịch COVID-19?"],
    "place_did": ["VNPT Nam Định đã support gì cho chính quyền và người dân trong dịch?"],
    "thanks_said": ["Cảm ơn bạn nhé, thông tin rất hữu ích."],
    "who_greeted": ["Chào cháu, bác ở Nam Định đây. Cháu là ai thế, cháu giúp được bác việc gì ạ?"],
    "who_en": ["hi, who are you and what do you know?"],
    "years_apart": [
        "Từ chương trình «Viettel vì cộng đồng» đến khi trao 178 trung tâm hội chẩn cách nhau bao nhiêu năm?"
    ],
    "months_apart": [
        "How many months passed between Viettel Telecom's new customer-care strategy and its community programme?"
    ],
    "years_alone": ["Viettel hoạt động bao nhiêu năm rồi?"],
    "part_in_millions": ["Roughly how many of Viettel's customers are low-income, in millions?"],
    "rest_in_millions": [
        "Theo số liệu năm 2013, Viettel có khoảng bao nhiêu triệu khách hàng không thuộc nhóm thu nhập thấp?"
    ],
    "besides_listed": ["Ngoài quỹ vắc xin, Viettel còn làm gì để chống dịch?"],
    "list_en": ["List Viettel's COVID-19 contributions"],
    "unit_has": ["Viettel Nam Định có bao nhiêu thuê bao?"],
    "which_hospitals": ["Những bệnh viện nào ở Hà Nội có trung tâm hội chẩn từ xa của Viettel?"],
    "hospital_named": ["BV Chợ Rẫy có trung tâm hội chẩn từ xa của Viettel ko?"],
    "hospital_levels": ["Trung tâm hội chẩn từ xa giúp giảm quá tải cho bệnh viện tuyến nào?"],
    "hospital_names": ["What are the names of the 27 city hospitals with Viettel consultation centres?"],
    "only_one_counts": ["Hệ thống camera giám sát của VNPT phủ bao nhiêu tỉnh, thành phố?"],
    "tv_named": ["Which TV system did VNPT use to spread epidemic prevention messages?"],
    "seriously_ill": ["What do patients with serious illnesses receive from Viettel?"],
    "said_it_had": ["How many customers did Viettel say it had back in 2013?"],
    "patients_counted": ["How many patients have used Viettel's remote consultation centers so far?"],
    "months_to": [
        "Viettel Telecom bắt đầu kết hợp CSKH với hoạt động xã hội từ khi nào?",
        "tới tháng 11/2013 là mấy tháng?",
    ],
    "executives": ["Bài báo trích lời những lãnh đạo Viettel nào?"],
    "author_not_given": ["Ai viết bài về Viettel vì cộng đồng ở Tây Bắc?"],
    "place_checked": ["vt vi cong dong co toi son la ko"],
    "region_unchecked": ["Bắc Giang có camera cách ly của Viettel không?"],
    "count_checked": ["Did Viettel hand over 200 remote consultation centres?"],
    "teen_more": ["mbf vs vt ai gop nhiu hon"],
    "teen_more_to_go": ["vnpt con phai ket noi them bn cam nua moi du 10000"],
    "short_of_target": ["VNPT còn thiếu bao nhiêu phần trăm nữa để đạt quy mô 10.000 camera?"],
    "share_of_revenue": ["200 tỷ MobiFone góp quỹ vắc xin chiếm bao nhiêu % doanh thu của MobiFone?"],
    "added_up": ["Cộng số camera cách ly của Viettel và VNPT lại được bao nhiêu?"],
    "unlike_things": ["178 trung tâm hội chẩn của Viettel với 2.400 camera của VNPT, cái nào nhiều hơn?"],
    "done_by_other": ["Sổ sức khỏe điện tử ở Nam Định do VNPT triển khai đúng không?"],
    "days_early": ["Viettel hoàn thành 1000 cơ sở sớm hơn hạn bao nhiêu ngày?"],
    "speaker_of_event": ["Khi Viettel công bố góp 450 tỷ, ai đã phát biểu?"],
    "representative_unnamed": ["Ai đại diện MobiFone trao tiền cho quỹ vắc xin?"],
    "position_who": ["sếp lớn của viettel là ai?"],
    "alias_vtt": ["bà Vân bên VTT giữ chức gì?"],
    "region_other": ["VNPT lắp bao nhiêu camera ở miền Bắc?"],
    "region_checked": ["Viettel lắp gần 4.000 camera ở miền Nam đúng không?"],
    "date_elsewhere": ["Viettel góp bao nhiêu cho quỹ vắc xin ngày 3/6?"],
    "date_checked": ["MobiFone góp quỹ vắc xin hôm 5/6 phải không?"],
    "deadline": ["What was the deadline for Viettel's remote examination facilities?"],
    "position_unnamed": ["Trưởng ban chỉ đạo chống dịch tỉnh Nam Định là ai?"],
    "programmes_counted": ["MobiFone tham gia bao nhiêu chương trình an sinh?"],
    "title_of_quoted": ["bà Vân nói vì sao Viettel chọn vùng khó khăn? bà ấy giữ chức vụ gì?"],
    "thats_all": ["ok thanks, that's all"],
    "future_amount": ["Viettel sắp tới sẽ ủng hộ thêm bao nhiêu cho quỹ vắc xin?"],
    "duration_asked": ["Viettel mất bao lâu để xây 1.000 cơ sở khám từ xa?"],
    "how_early": ["Viettel xong 1.000 cơ sở sớm bao lâu?"],
    "another_time": ["MobiFone góp quỹ vắc xin lần thứ hai khi nào?"],
    "app_of_other": ["What app did MobiFone ask subscribers to install?"],
    "stated_plus": ["Viettel góp 450 tỷ cho quỹ vắc xin + 19 tỷ nhân viên góp xây trung tâm = bao nhiêu?"],
    "stated_across": ["MobiFone góp 200 tỷ, nhân viên Viettel góp 19 tỷ, chênh nhau bao nhiêu?"],
    "plus_number": ["178 trung tâm hội chẩn cộng 1.000 cơ sở khám từ xa là bao nhiêu?"],
    "each_named": ["Cả ba nhà mạng góp quỹ vắc xin bao nhiêu?"],
    "ratio_of_units": ["Số cơ sở khám từ xa gấp mấy lần số trung tâm hội chẩn?"],
    "sum_first": ["tong cam 2 mang bn"],
    "thousands_abbreviated": ["vt xây 1k cơ sở KCB từ xa sớm mấy ngày?"],
    "fee_asked": ["Viettel vì cộng đồng khám bệnh cho ai?", "có mất phí không?"],
    "less_percent": ["Mobifone góp ít hơn Viettel bao nhiêu phần trăm?"],
    "difference_en": ["What's the difference between Viettel's and VNPT's camera numbers?"],
    "short_of": ["How many cameras short of 10,000 is VNPT?"],
    "weeks_apart": ["từ Hà Giang đến Điện Biên mấy tuần?"],
    "off_the_answer": ["Viettel xây bao nhiêu cơ sở khám từ xa?", "ở những tỉnh nào?"],
    "whole_of_one": ["So sánh tổng giá trị đóng góp chống dịch của Viettel và của MobiFone."],
    "sides_or": ["Which is bigger: Viettel's vaccine-fund pledge or MobiFone's total COVID contribution to date?"],
    "provinces_compared": ["Viettel lắp camera ở nhiều tỉnh hơn VNPT không?"],
    "approximately_more": ["Viettel có khoảng hơn bao nhiêu triệu khách hàng thu nhập thấp?"],
    "to_the_other_figure": ["VNPT phải lắp thêm bao nhiêu camera nữa mới bằng số hạ tầng đang đầu tư?"],
    "which_first": ["Viettel và MobiFone, bên nào góp quỹ vắc xin trước?"],
    "money_for_cameras": ["How much did Viettel spend on the cameras?"],
    "per_day": ["Trung tâm hội chẩn từ xa khám được bao nhiêu ca mỗi ngày?"],
    "date_of_the_answer": ["vt góp quỹ vx bn", "góp ngày nào"],
    "check_more_than": ["Did VNPT install more than 2,400 cameras?"],
    "grandmother_greets": ["cháu ơi bà chào cháu"],
    "exceed": ["By how much did Viettel's vaccine fund pledge exceed MobiFone's?"],
    "fraction": ["What fraction of MobiFone's total COVID contributions went to the vaccine fund?"],
    "times_teencode": ["vt hơn mbf mấy lần"],
    "plus_operators": ["cam vt + cam vnpt = ?"],
    "who_made_you": ["good morning! who made you?"],
    "it_named": ["What is Cyber Bot and whose is it?"],
    "date_en": ["mobifone donation date?"],
    "check_other_subject": ["Viettel góp 19 tỷ vào quỹ vắc xin phải không?"],
    "compare_en": ["compare Viettel and VNPT cameras"],
    "compare_unstated": ["So sánh số khách hàng của Viettel và MobiFone"],
    "comparison_without_figures": ["VNPT Meeting hay Sổ sức khỏe điện tử có nhiều người dùng hơn?"],
    "thanks_for_answering": ["Chúc bạn một ngày tốt lành, cảm ơn đã giải đáp giúp tôi."],
    "part_of_whole": ["Riêng phần an sinh xã hội thì MobiFone chi bao nhiêu?"],
    "share_of_unstated_part": ["Trong gần 2.000 tỷ đó, các hoạt động đồng hành mùa dịch chiếm bao nhiêu phần trăm?"],
    "future_capacity": ["VNPT sẽ kết nối được bao nhiêu camera?"],
    "parts_by_label": ["Số trung tâm ở bệnh viện thành phố ít hơn ở tuyến tỉnh, huyện bao nhiêu?"],
    "long": [
        "Chào bot, mình là phóng viên ở Nam Định, đang viết một bài dài về các nhà mạng và muốn kiểm tra "
        "lại vài con số trước khi gửi bài cho ban biên tập duyệt vào cuối tuần này. "
        * 5
        + "Viettel ủng hộ quỹ vắc xin bao nhiêu?"
    ],
    # a lead-in about the asker, then the question
    "lead_in_check": ["Trước khi đăng bài, tôi muốn xác nhận lại: Viettel góp 500 tỷ vào Quỹ vắc xin, phải không?"],
    "lead_in_declined_whole": [
        "I'm a student writing about corporate social responsibility. How much did MobiFone give to the vaccine fund?"
    ],
    "lead_in_subject": ["Tôi nghe nói các nhà mạng đều góp tiền vào Quỹ vắc xin. Vậy riêng Viettel góp bao nhiêu?"],
    "lead_in_greeting": ["Xin chào, tôi không rành công nghệ. Bạn là trợ lý gì vậy?"],
    "ministry_leader": ["Lãnh đạo nào của Bộ Y tế nhận 178 trung tâm hội chẩn Viettel trao tặng?"],
    "spokesperson_name": ["What is the name of the MobiFone spokesperson who announced the fund gift?"],
    "calls_per_day": ["Cyber Bot của Viettel gọi trung bình bao nhiêu cuộc mỗi ngày?"],
    "times_a_month": ["Bác sĩ tuyến huyện được hội chẩn từ xa hỗ trợ mấy lần mỗi tháng?"],
    "what_bot": ["đây là bot gì vậy"],
    "month_not_its_own": ["Tổng đài Cyber Bot của Viettel gọi được bao nhiêu cuộc trong tháng 9?"],
    "year_not_given_check": ["Did Viettel's Cyber Bot make calls in 2023 too?"],
    "fund_founded": ["Quỹ vắc xin phòng Covid-19 được thành lập khi nào?"],
    "they_later": ["VNPT đầu tư hạ tầng để kết nối bao nhiêu camera?", "Đến nay họ lắp được bao nhiêu rồi?"],
    "introduction": ["Chào bạn, mình là sinh viên báo chí ở Huế."],
    "introduction_asking": ["Mình là sinh viên, muốn tìm hiểu về camera của VNPT"],
    "that_quote_first": ["ai nói câu đó vậy?"],
    "add_up_marked": ["Cộng số camera của Viettel và của VNPT thì được bao nhiêu?"],
    "of_the_other": ["Khoản MobiFone góp quỹ vắc xin bằng bao nhiêu phần trăm so với khoản của Viettel?"],
    "terse_headcount": ["MobiFone headcount?"],
    "terse_place_alone": ["VNPT cameras in Ho Chi Minh City alone?"],
    "part_of_a_part": ["Trong 150 trung tâm tuyến tỉnh, huyện của Viettel, bao nhiêu trung tâm ở tuyến huyện?"],
    "terse_count": ["Viettel cameras?"],
    "named_service_of_another": ["VNPT Nam Định hướng dẫn người dân dùng Sổ sức khỏe điện tử những gì?"],
    "range_checked": ["Camera của VNPT lắp từ Quảng Trị trở vào phải không?"],
    "region_guessed": ["Viettel lắp camera giám sát ở miền nào, miền Nam hả?"],
    "again_as_reminder": ["How much did Viettel give to the vaccine fund again?"],
    "difference_far_apart": [
        "Số tiền Viettel đóng vào quỹ vắc xin hơn số tiền cán bộ nhân viên quyên góp xây trung tâm hội chẩn bao nhiêu?"
    ],
    "broad_headline": ["Viettel remote consultation centres"],
    "parts_in_hospitals": ["Viettel đặt bao nhiêu trung tâm hội chẩn trong các bệnh viện?"],
    "parts_but_one": ["Không tính trung tâm ở Bộ Y tế, Viettel có bao nhiêu trung tâm hội chẩn ở bệnh viện?"],
    "the_other_operator": ["Viettel góp quỹ vắc xin bao nhiêu?", "còn nhà mạng kia thì sao?"],
    "southern_how_much": ["Viettel góp quỹ vắc xin bao nhiêu?", "Rồi VNPT góp nhiêu?"],
    "percent_of_nothing": ["Vậy chênh lệch bao nhiêu phần trăm?"],
    "you_in_teencode": ["bn là ai z"],
    "you_at_the_end": ["ai lm chu tich vt z bn"],
    "claim_then_check": ["Our copy says VNPT installed more than 3,000 cameras at quarantine sites. Is that accurate?"],
    "year_with_polite_particle": ["Năm 2020 Viettel có bao nhiêu khách hàng ạ?"],
    "da_nang_short": ["vnpt lap bn cam o dn z ad"],
    "introduced_from_a_place": [
        "Dạ em chào anh/chị ạ. Em là sinh viên năm cuối ở Hà Nội, đang viết khóa luận về trách nhiệm xã hội của "
        "các doanh nghiệp viễn thông. Cho em hỏi Viettel đã đóng góp bao nhiêu tiền vào Quỹ vắc xin ạ?"
    ],
    "how_many_months": ["Miễn phí data 3G/4G cho trường học ở Nam Định trong bao nhiêu tháng?"],
    "read_somewhere": ["Dạ em đọc ở đâu đó là Viettel góp 500 tỷ vào Quỹ vắc xin, có đúng không ạ?"],
    "count_of_its_thing": ["Cháu ơi, ở Nam Định mình chỉ có 3 nhà mạng thôi phải không cháu?"],
    "which_operators_did_it": ["Which operators installed quarantine surveillance cameras?"],
    "called_then_the_other": ["Cháu ơi, thế còn cái kia thì sao hả cháu?"],
    "likened_to_an_operator": [f"{UNCOVERED} có chương trình vì cộng đồng như Viettel không?"],
    "where_examined_asked_of_the_bot": ["Viettel về khám bệnh ở tỉnh nào cháu?"],
    "part_and_whole_stated": ["150 trung tâm tuyến tỉnh, huyện chiếm bao nhiêu phần trăm trong 178 trung tâm?"],
    "counted_by_its_counter": ["Trung tâm hội chẩn Viettel tặng có bao nhiêu cái đặt ở bệnh viện tuyến tỉnh, huyện?"],
    "the_other_side": [
        "Bao nhiêu phần trăm bệnh viện công có trung tâm hội chẩn của Viettel?",
        "còn bệnh viện tư thì bao nhiêu?",
    ],
    "calls_itself": ["Viettel tự nhận là tập đoàn viễn thông như thế nào ở Việt Nam?"],
    "each_lasted": ["Chương trình khám bệnh ở mỗi tỉnh kéo dài mấy ngày?"],
    "lead_out": ["vt có bn kh ạ, e cần số liệu cho bài thuyết trình"],
    "patient_short": ["vt tang j cho bn nhan ngheo mac benh hiem ngheo z"],
    "telecom_operators_counted": ["Good morning. Nam Dinh province: how many telecom operators?"],
    "value_of_facilities": ["What was the value of the 1,000 remote examination and treatment facilities?"],
    "doctors_names": ["Các bác sĩ chuyên khoa đi khám ở Hà Giang tên là gì?"],
    "qualifier_after_comma": ["Viettel tặng bao nhiêu trung tâm hội chẩn, cho bệnh viện tư"],
    "more_than_true": ["VNPT installed more than 2,000 cameras at quarantine sites, is that accurate?"],
    "public_or_private": ["Trung tâm hội chẩn Viettel đặt ở bệnh viện công hay bệnh viện tư?"],
    "thanks_with_it": ["Viettel góp quỹ vắc xin bao nhiêu?", "Thanks, it was very helpful!"],
    "other_after_a_unit": ["VNPT Nam Định dùng phần mềm họp nào?", "còn nhà mạng kia thì sao?"],
    "in_america": ["Viettel có khách hàng ở Mỹ không?"],
    "staff_short": ["vt co bn nhan vien"],
    "likened_to_a_thing": ["MobiFone Nam Định có cho dùng miễn phí phần mềm họp trực tuyến như VNPT Meeting không?"],
    "count_of_no_one": ["camera cách ly?"],
    "morning_wish": ["Chào bot, chúc buổi sáng tốt lành"],
    "provinces_specifically": ["Viettel lắp camera cách ly ở những tỉnh phía Bắc cụ thể nào?"],
    "name_the_32": ["Kể tên 32 tỉnh thành có camera cách ly của VNPT"],
    "the_two_unnamed": ["Ngoài VNPT, Viettel và MobiFone thì 2 đơn vị viễn thông còn lại ở Nam Định tên là gì?"],
    "is_it_free_first": ["cai do co mien phi ko"],
    "part_of_the_total": ["tỷ lệ trung tâm hội chẩn đặt ở bv thành phố trên tổng số là bao nhiêu %"],
    "share_of_centres_in_english": ["What percentage of Viettel's consultation centres are in district hospitals?"],
    "share_of_hospitals": ["Các bệnh viện tuyến tỉnh, huyện được lắp trung tâm chiếm mấy % bệnh viện?"],
    "what_the_asker_will_do": ["Tôi sẽ viết một bài về Nam Định. Trên địa bàn tỉnh có bao nhiêu đơn vị viễn thông?"],
    "who_explained": ["Ai là người giải thích lý do Viettel chọn vùng sâu vùng xa?"],
    "each_asked_alike": ["mbf gop bn vs vt gop bn v ad"],
    "rounded_share": ["MobiFone chiếm bao nhiêu % tổng tiền hai nhà mạng góp quỹ vắc xin, làm tròn giúp mình?"],
    "rounded_to_places": [
        "Trung bình mỗi tỉnh có bao nhiêu cơ sở cách ly được VNPT lắp camera (làm tròn 2 chữ số thập phân)?"
    ],
    "rounded_ratio_in_english": ["Viettel's pledge is how many times MobiFone's, to one decimal place?"],
    "years_between_in_english": ["How many years separate the 2013 programme and the 2020 handover of the centres?"],
    "add_two_things_counted": [
        "cộng trung tâm hội chẩn với cơ sở khám chữa bệnh từ xa viettel làm được tổng bao nhiêu"
    ],
    "adding_in_english": ["Adding the remote examination facilities to the consultation centres, what is the total?"],
    "there": ["Nam Định có bao nhiêu nhà mạng?", "VNPT ở đó làm gì nổi bật?"],
    "there_first": ["VNPT ở đó làm gì?"],
    "asleep_yet": ["bot oi ngu chua z"],
    "who_manages_the_fund": ["Quỹ vắc xin phòng Covid-19 do cơ quan nào quản lý?"],
    "in_the_2013_article": ["How many customers did Viettel say it had in the 2013 article?"],
    "in_the_fund_article": ["Kể giúp tôi các hoạt động chống dịch của Viettel được nhắc trong bài về quỹ vắc xin."],
    "born_in": ["Ông Lê Đăng Dũng sinh năm 1963 phải không?"],
    "came_back": ["năm 2014 viettel có quay lại điện biên làm chương trình vì cộng đồng không"],
    "title_in_the_fund_article": ["Ông Lê Đăng Dũng giữ cương vị gì tại Viettel theo bài viết về quỹ vắc xin?"],
    "specialties_counted": ["viettel mời bác sĩ của bao nhiêu chuyên khoa về khám"],
    "doctors_not_counted": ["bao nhiêu bác sĩ chuyên khoa tham gia?"],
    "invites_unmarked": ["viettel moi bac si nhung chuyen khoa gi ve kham cho dan"],
    "what_can_you_do": ["bot làm được những gì vậy"],
    "taken_in": ["tính cả 19 tỷ trung tâm hội chẩn thì viettel góp tổng bao nhiêu tỷ"],
    "counting_in_no_province": ["Trung bình mỗi nhà mạng góp quỹ vắc xin bao nhiêu, tính Viettel và MobiFone?"],
    "taken_into_its_whole": ["tính cả 200 tỷ quỹ vắc xin, MobiFone góp tổng bao nhiêu"],
    "named_thing_undated": ["Viettel Nam Định bắt đầu triển khai Sổ sức khỏe điện tử từ tháng mấy?"],
    "provinces_by_name": ["Viettel lắp gần 4.000 camera ở những tỉnh cụ thể nào ạ?"],
    "provinces_of_which_region": ["viettel lap gan 4000 camera o cac tinh mien nao"],
    "after_could_you_tell_me": [
        "For a CSR case study I'm preparing, could you tell me how much Viettel pledged to the COVID-19 vaccine "
        "fund, as reported in the coverage of the operators' contributions?"
    ],
    "after_cho_em_hoi": ["Em viết tiểu luận CSR, cho em hỏi 178 trung tâm hội chẩn được đặt ở những đâu ạ?"],
    "given_that": [
        "In that same coverage, what amount did MobiFone put into the vaccine fund, given that it is described as "
        "one of the most active contributors?"
    ],
    "before_the_guesses": [
        "Who actually financed the construction of those remote consultation centres: was it the group's corporate "
        "budget or was the money raised from somewhere else?"
    ],
    "ahead_of_the_deadline": ["How many facilities did Viettel complete, and how far ahead of the deadline was that?"],
    "when_as_a_clause": ["What military rank did Le Dang Dung hold when the consultation centres were presented?"],
    "when_at_the_end": ["Viettel donated 450 billion when?"],
    "whose_view": ["Một chuyên gia nói hoạt động vì cộng đồng của Viettel thể hiện quan điểm kinh doanh của ai?"],
    "whose_article": ["Bài viết về các nhà mạng ở Nam Định là của ai?"],
    "share_unmarked": ["ti le khach hang thu nhap thap cua Viettel la bao nhieu"],
    "amount_no_fact_gives": ["Sổ tiết kiệm Viettel tặng bệnh nhân nghèo mỗi cuốn 10 triệu đúng không?"],
    "iptv": ["Through which IPTV platform did VNPT spread COVID-19 prevention messages?"],
    "gave_against_the_epidemic": ["Viettel góp bao nhiêu chống dịch?"],
    "totals_compared": ["Tổng cộng Viettel đóng góp chống dịch nhiều hơn hay MobiFone nhiều hơn?"],
    "counting_both": ["Counting both the 178 centers and the 1,000 facilities, how many sites did Viettel deliver?"],
    "add_those_two": [
        "How much did Viettel give to the vaccine fund?",
        "And how much did its staff raise for the remote centres?",
        "Add those two up for me.",
    ],
    "put_up_the_money": ["Who put up the money for the remote consultation centres?"],
    "latency_in_ms": ["What is the latency of VNPT's edge computing system in milliseconds?"],
    "unnamed_representative": ["đại diện MobiFone phát biểu trong bài là ai vậy"],
    "who_spoke_of_the_goal": ["Ai phát biểu về mục tiêu kép của MobiFone?"],
    "parts_given_then_added": [
        "Trong 178 trung tâm, bao nhiêu cái ở bệnh viện thành phố?",
        "còn tuyến tỉnh, huyện?",
        "hai loại đó cộng lại?",
    ],
    "counted_with_a_counter": ["vt lap camara khu cach ly bn cai??"],
    "share_of_what_the_operator_lacks": ["Trung tâm hội chẩn của VNPT chiếm bao nhiêu phần trăm bệnh viện công?"],
    "post_held_since": ["Bà Phạm Thị Thanh Vân làm Phó Tổng Giám đốc từ năm 2010 đúng không?"],
    "post_held_since_en": ["Is it true Le Dang Dung has been Viettel's general director since 2018?"],
    "post_held_after_the_article": ["Ông Dũng làm tổng giám đốc từ 2022 à?"],
    "that_helps": ["Thanks a lot, that helps."],
    "still_alive": ["hi mn, bot con song ko z 😂"],
    "the_two_visits_apart": [
        "Chương trình Viettel vì cộng đồng năm 2013 đến mấy tỉnh ạ?",
        "Tỉnh đầu tiên là tỉnh nào, ngày nào ạ?",
        "Hai đợt ấy cách nhau bao nhiêu ngày ạ?",
    ],
    "viettel_against_covid": ["Viettel đã làm những gì để hỗ trợ phòng chống dịch Covid-19?"],
    "viettel_technology": ["Viettel dùng công nghệ hỗ trợ Chính phủ chống dịch ra sao?"],
    "more_per_facility": ["Which operator put more cameras per quarantine facility, Viettel or VNPT?"],
    "exact_deadline": ["What was the exact deadline for the 1,000 remote medical examination facilities?"],
    "camera_features_teencode": ["camara cach ly vnpt co tinh nang j z ad??"],
    "last_from_first": [
        "Chương trình Viettel vì cộng đồng năm 2013 đến mấy tỉnh ạ?",
        "tỉnh cuối cách tỉnh đầu mấy tuần?",
    ],
    "those_two_days": ["Viettel vì cộng đồng đi những tỉnh nào", "hai ngày đó cách nhau mấy ngày?"],
    "they_gave_in_total": ["Which operators donated to the vaccine fund?", "how much did they give in total?"],
    "money_taken_from": ["Tiền để làm các hoạt động tri ân khách hàng khó khăn Viettel lấy từ đâu ạ?"],
    "out_of_the_profits": ["The 19 billion for the consultation centers came out of Viettel's company profits, right?"],
    "state_budget": ["Trung tâm hội chẩn từ xa do ngân sách nhà nước xây phải không?"],
    "that_article_dated": ["Viettel trao bao nhiêu trung tâm hội chẩn?", "bài đó đăng ngày nào?"],
    "that_article_undated": ["How many cameras did VNPT install?", "When was that article published?"],
    "who_wrote_that_article": ["Nam Định có mấy nhà mạng?", "ai viết bài đó?"],
    "question_in_a_long_greeting": [
        "Chào cháu, quê bác ở Nam Định, dạo dịch bác thấy nhà mạng nhắn tin suốt. Cháu cho bác hỏi tỉnh bác có mấy "
        "nhà mạng nhỉ? Cảm ơn cháu."
    ],
    "elder_thanks": ["Bác cảm ơn cháu nhé, cháu ngoan quá."],
    "who_put_that_money": ["Viettel trao bao nhiêu trung tâm hội chẩn?", "Tiền ấy ai bỏ ra thế cháu?"],
    "who_spoke_by_name": ["vt vi cong dong o dau", "ai phat bieu z"],
    "bandwidth_per_camera": ["What bandwidth in Mbps does each VNPT quarantine camera stream use?"],
    "cameras_per_province": ["VNPT lắp camera trung bình mỗi tỉnh?"],
    "share_of_the_one_named_again": ["Trong tổng số camera của Viettel và VNPT, VNPT chiếm bao nhiêu phần trăm?"],
    "whole_against_part": ["MobiFone gần 2.000 tỷ so với Viettel 450 tỷ, vậy MobiFone góp gấp mấy lần Viettel?"],
    "those_guys_at_viettel": ["mấy ông Viettel lắp camera cách ly ở bao nhiêu tỉnh thành vậy?"],
    "each_visit_apart": ["Các đợt khám Hà Giang, Lai Châu, Điện Biên của Viettel cách nhau mỗi đợt mấy ngày?"],
    "operators_of_a_place": ["các nhà mạng ở Nam Định chống dịch thế nào"],
    "what_they_did_in_a_place": ["Các nhà mạng ở Nam Định đã hỗ trợ người dân những gì trong mùa dịch?"],
    "how_many_instalments": ["Số tiền ấy Viettel chia ra mấy đợt chuyển vào quỹ?"],
    "what_she_said": ["Bà Phạm Thị Thanh Vân đã nói những gì?"],
    "by_what_factor": ["By what factor did Viettel's vaccine fund pledge exceed MobiFone's?"],
    "tag_question": ["The remote consultation centres were worth VND 20 billion, weren't they?"],
    "years_from_a_dated_side": [
        "Chương trình Viettel vì cộng đồng năm 2013 cách lúc Viettel trao trung tâm hội chẩn bao nhiêu năm?"
    ],
    "the_programme_of_a_year": ["chương trình năm 2013?"],
    "the_two_events_apart_en": [
        "Which provinces did Viettel vì cộng đồng visit?",
        "How many days apart were the two events?",
    ],
    "everyone_called": ["Mọi người ơi, MobiFone đã chuyển bao nhiêu tiền vào Quỹ vắc xin nhỉ?"],
    "remark_on_the_asker": ["bên mbf góp quỹ vắc xin bn nhỉ, khách hỏi mà e quên mất"],
    "i_is_no_up_to": ["Cho tôi hỏi Viettel xây xong các cơ sở khám chữa bệnh từ xa sớm hơn hạn mấy ngày?"],
    "articles_said_as_many": ["Trong các bài báo, người đứng đầu Viettel là ai?"],
    "patient_as_bn": ["bn mắc bệnh hiểm nghèo được vt tặng gì"],
    "work_from_home": ["thuê bao vina dc bù thêm j khi wfh"],
    "unit_overview_with_its_group_there": ["VNPT Nam Định đã làm gì trong mùa dịch?"],
    "paid_into": ["Which operators paid into the vaccine fund?"],
    "slip_in_a_name": ["Cbyer Bot là tổng đài ảo của VNPT đúng ko?"],
    "where_data_is_kept": ["Dữ liệu camera cách ly của VNPT được lưu ở đâu?"],
    "where_the_data_centres_are": ["dữ liệu camera vnpt lưu ở đâu", "trung tâm dữ liệu đó đặt ở tỉnh nào?"],
    "placed": ["Where were Viettel's consultation centres placed?"],
    "group_named_too": [
        "According to the Viettel Telecom deputy general director, how many customers does Viettel have?"
    ],
    "its_infrastructure": [
        "What did VNPT install at quarantine facilities?",
        "What capacity is its infrastructure being built for?",
    ],
    "english_around_a_name": ["Which provinces did the 2013 'Viettel vì cộng đồng' programme visit?"],
    "the_last_stop": [
        "Which provinces did the 2013 'Viettel vì cộng đồng' programme visit?",
        "How many days between the first and the last stop?",
    ],
    "subscribers_of_an_operator": ["tb vina được cộng thêm gì để làm việc từ xa?"],
    "remote_is_no_from": ["cho toi hoi vt xay xong 1000 co so kham chua benh tu xa som bn ngay"],
    "a_word_spelt_right": ["Did Viettel hand out masks to citizens?"],
    "opening_about_the_asker": ["For an essay I'm writing, how much did Viettel give to the vaccine fund?"],
    "brothers_addressed": ["mbf gop 450 ty dung ko ae"],
    "start_of_a_month": ["tu thang 6/2013 toi dau thang 11/2013 bao nhieu thang"],
    "each_one_s_price": ["Viettel lắp bao nhiêu camera?", "mỗi cái giá bao nhiêu tiền?"],
    "likened_with_a_word_between": ["Vietnamobile có làm Sổ sức khỏe điện tử như bên Viettel không?"],
    "post_held_at_an_event": ["Who was heading Viettel when it presented the remote consultation centres?"],
    "introduced_then_asked": [
        "I'm a student writing about corporate giving, and I'd like to know how much MobiFone gave to the vaccine fund."
    ],
    "a_second_question_joined": ["Viettel lắp bao nhiêu camera?", "When did MobiFone donate and how much?"],
    "only_one_counts_it": ["Hệ thống camera của VNPT phủ rộng bao nhiêu tỉnh thành?"],
    "city_hospitals_typed_short": ["178 trung tâm hội chẩn, ở bv tp có mấy cái?"],
    "technicians": ["VNPT cử bao nhiêu kỹ thuật viên đi lắp camera?"],
    "paid_how": ["Viettel chuyển 450 tỷ bằng chuyển khoản hay tiền mặt?"],
    "each_year": ["Bộ Y tế tốn bao nhiêu mỗi năm cho 178 trung tâm hội chẩn?"],
    "profit_in_money": ["Viettel lãi bao nhiêu tiền?"],
    "provinces_by_name_typed_fast": ["vt lap 4000 cam o nhung tinh nao cu the"],
    "operators_listed": ["cho mình xin danh sách các nhà mạng đã góp vào quỹ vắc xin"],
    "an_abbreviation_no_company_has": [
        "Em cần danh sách đối tượng được Viettel khám, cấp thuốc miễn phí cho case study CSR"
    ],
    "a_count_no_fact_gives_checked": ["Viettel tặng 300 sổ tiết kiệm cho bệnh nhân nghèo đúng không?"],
    "a_claim_seen": ["I've seen reports that MobiFone gave 300 billion to the vaccine fund. True?"],
    "my_operator_uncovered": ["Em dùng sim Gmobile lâu rồi. Cho em hỏi nhà mạng của em có góp quỹ vắc xin không?"],
    "added_on_top": ["vina mua dich dc bu them j"],
    "he_on_the_group": ["Who is Viettel's chairman?", "What did he say about the group's social responsibility?"],
    "cameras_of_one_that_has_none": ["Camera của Viettel hơn MobiFone bao nhiêu cái?"],
    "account_number": ["Số tài khoản của Quỹ vắc xin là gì vậy?"],
    "investment_amount": ["VNPT's investment amount for the 10,000-camera infrastructure?"],
    "nice_to_meet_you": ["Hi! Nice to meet you"],
    "what_can_you_do_vi": ["bạn có thể làm gì?"],
    "an_age_checked": ["Ông Lê Đăng Dũng năm nay 58 tuổi phải không?"],
    "a_count_checked_in_english": [
        "Is it true Viettel gave 178 remote consultation centres to the Ministry of Health?"
    ],
    "that_contribution": ["MobiFone góp quỹ vắc xin bao nhiêu?", "khoản đóng góp đó vào ngày nào?"],
    "more_planned": ["MobiFone góp quỹ vắc xin bao nhiêu?", "sang năm họ dự kiến góp thêm bao nhiêu nữa?"],
    "who_pays_broken_english": ["How many consultation centres Viettel give?", "who pay for them?"],
    "the_two_amounts_added": ["vt gop quy vx bn", "nv vt quyen gop bn xay tt hoi chan", "cong 2 khoan lai bn"],
    "a_filler_before_the_operator": ["o viettel lap camera o khu cach ly bao nhieu cai"],
    "staff_gave_how_much": ["nv vt quyen gop bn xay tt hoi chan"],
    "uncovered_compared_with_one": ["Gmobile lắp bao nhiêu camera, so với VNPT?"],
    "more_in_a_later_year": [
        "MobiFone góp quỹ vắc xin bao nhiêu?",
        "tổng đóng góp chống dịch của MobiFone?",
        "năm 2023 họ góp thêm bao nhiêu?",
    ],
    "an_operator_in_the_epidemic": ["vnpt mùa dịch"],
    "an_operator_during_the_pandemic": ["MobiFone during the pandemic"],
    "how_it_helped_fight_the_epidemic": ["VNPT đã hỗ trợ công tác phòng, chống dịch như thế nào?"],
    "what_it_managed_typed_fast": ["mbf chong dich lam dc nhung j z"],
    "an_operator_s_covid_contributions": ["Viettel Covid contributions?"],
    "a_transfer_s_date": ["Cho tôi hỏi MobiFone chuyển khoản đóng góp vào Quỹ vắc xin vào ngày nào?"],
    "a_discount_s_percentage": ["Khách hàng thu nhập thấp của Viettel được giảm cước bao nhiêu phần trăm?"],
    "a_figure_glued_to_its_unit": ["mn oi mbf gop 200ty ngay nao z"],
    "a_length_no_article_gives": ["VNPT Meeting được miễn phí 6 tháng đúng ko?"],
    "a_full_name": ["Tên đầy đủ của tập đoàn Viettel là gì vậy?"],
    "a_full_name_no_article_gives": ["tên đầy đủ của VNPT?"],
    "one_gift_of_several": ["Viettel vì cộng đồng có tặng áo khoác không?"],
    "all_counted": ["tính hết thì MobiFone đã đóng góp chống dịch khoảng bao nhiêu?"],
    "whose_requirements": ["Hệ thống camera của VNPT được xây dựng để đáp ứng yêu cầu của cơ quan nào?"],
    "where_she_works": ["ba pham thi thanh van lam o dau, chuc vu gi"],
    "have_to_pay": ["Bà muốn biết người nghèo đi khám chỗ Viettel có phải trả tiền thuốc không?"],
    "who_paid": ["Ai trả tiền xây trung tâm hội chẩn?"],
    "the_deadline_s_date": [
        "How many remote medical examination and treatment facilities did Viettel complete?",
        "Together with the consultation centers, how many is that?",
        "What was the original deadline date?",
    ],
    "that_article_s_author": [
        "Cac nha mang o Nam Dinh gui thong bao phong dich vao nhac cho cho bao nhieu thue bao?",
        "Bai bao ay ai viet vay chau?",
    ],
    "what_she_said_in_short": ["bà Phạm Thị Thanh Vân nói gì?"],
    "which_telecom_companies": ["Which telecom companies gave money to the vaccine fund, and how much each?"],
    "a_share_of_the_total_described": [
        "150 trung tâm tuyến tỉnh, huyện chiếm bao nhiêu phần trăm trong tổng số trung tâm hội chẩn Viettel tặng?"
    ],
    "times_the_other_side": [
        "Tóm tắt giúp các khoản góp Quỹ vắc xin của nhà mạng.",
        "ai nhiều nhất?",
        "gấp mấy lần bên kia?",
    ],
    "a_budget_per_camera": [
        "VNPT lắp bao nhiêu camera?",
        "còn Viettel?",
        "budget cho mỗi con camera là bao nhiêu vậy?",
    ],
    "said_of_one_then_asked_of_another": ["vt lắp cam phía bắc, còn vnpt lắp từ tỉnh nào trở vào z"],
    "which_gave_more_of_all": ["Nhà mạng nào góp quỹ vắc xin nhiều hơn?"],
    "which_of_the_list_gave_more": ["Những nhà mạng nào góp quỹ vắc xin?", "bên nào góp nhiều hơn?"],
    "the_biggest_donor": ["How much did the biggest donor give?"],
    "given_by_the_operator": ["Có mấy trung tâm do Viettel tặng?"],
    "what_it_is_doing_about": ["What is VNPT doing about quarantine surveillance?"],
    "a_feature_s_own_name": ["Camera VNPT có tính năng giám sát trực tiếp không, gọi là gì?"],
    "which_software": ["Trung tâm hội chẩn từ xa của Viettel chạy trên phần mềm gì?"],
    "more_per_facility_checked": ["Tính trung bình mỗi khu cách ly Viettel có nhiều camera hơn VNPT không?"],
    "the_plan_on_the_subject": ["VNPT lắp được bao nhiêu camera ở khu cách ly?", "sau này tính mở rộng lên bao nhiêu?"],
    "the_plan_of_another_operator": ["Viettel lắp bao nhiêu camera?", "sau này tính mở rộng lên bao nhiêu?"],
    "customer_care_shorthand": [
        "Em làm CSKH ở VNPT Nam Định. Bài báo nói VNPT Nam Định cho chính quyền dùng phần mềm họp trực tuyến nào?"
    ],
    "is_the_answer_free": ["VNPT Nam Định cho dùng phần mềm họp trực tuyến nào?", "có mất phí không?"],
    "a_good_day_wished": ["Chúc ad một ngày tốt lành"],
    "dozens_are_no_wish": ["Có mấy chục em nhỏ được phẫu thuật tim miễn phí?"],
    "good_health_wished": ["chúc ad sức khỏe"],
    "invited_typed_without_marks": ["viettel vi cong dong moi bac si khoa nao"],
    "a_whole_of_another_year": ["Năm 2022 cả nước có bao nhiêu bệnh viện công?"],
    "a_done_check_with_no_target_near": ["Remote facilities finished 5 days early, right?"],
    "as_a_percent_of": ["MobiFone's fund pledge as a % of Viettel's?"],
    "those_operators_app_named": ["Phần mềm khai báo y tế mà mấy nhà mạng Nam Định hướng dẫn tên gì?"],
    "apart_from_each_other": ["Viettel lắp bao nhiêu camera?", "còn VNPT?", "hơn nhau mấy cái?"],
    "another_subject_of_the_operator": [
        "Viettel làm xong bao nhiêu cơ sở khám chữa bệnh từ xa?",
        "còn trung tâm hội chẩn thì mấy cái?",
    ],
    "asked_last_of_its_first_noun": ["Viettel cameras at northern quarantine sites — how many?"],
    "a_percent_sign_in_english": ["Low-income customers, %?"],
    "a_formal_greeting_first": ["Kính chào, cho tôi hỏi Viettel góp quỹ vắc xin bao nhiêu?"],
    "two_questions_joined_by_and": [
        "How much did Viettel give to the vaccine fund and how many cameras did it install?"
    ],
    "two_questions_joined_by_va": ["VNPT lắp bao nhiêu camera và đang chuẩn bị hạ tầng cho bao nhiêu camera?"],
    "through_a_few_places": ["Tôi đi qua mấy khu cách ly nên tò mò: hệ thống camera VNPT thiết kế theo mô hình gì?"],
    "a_terse_design_question": ["Design of VNPT's camera system?"],
    "her_rank": ["Bà Vân mang quân hàm gì vậy?"],
    "short_of_a_level": ["VNPT lắp bao nhiêu camera?", "còn cách mức 10.000 mấy cái?"],
    "an_australian_greeting": ["g'day mate"],
    "an_average_over_the_operators": ["On average, how many cameras did Viettel and VNPT each put in?"],
    "a_drawn_out_greeting": ["hi bot ơiiii"],
    "the_asker_s_workplace_first": ["Mình làm ở MobiFone, cho mình hỏi Viettel góp quỹ vắc xin bao nhiêu?"],
    "the_names_of_those_hospitals": [
        "vt co bn trung tam hoi chan o bv tinh huyen z",
        "150 cai do chiem bn % bv cong ca nuoc",
        "ten may bv do la j ad",
    ],
    "a_difference_abbreviated": ["Viettel vaccine fund vs MobiFone: diff?"],
    "an_average_abbreviated": ["avg fund pledge of Viettel and MobiFone?"],
    "a_share_abbreviated": ["MobiFone fund gift as pct of its total Covid contribution?"],
    "outnumbered_by_how_many": ["By how many do Viettel's remote facilities outnumber its centres?"],
    "an_amount_asked_by_the_noun": ["Viettel vaccine fund amount?"],
    "a_count_asked_by_the_noun": ["VNPT quarantine camera count?"],
    "a_unit_alone_after_an_answer": ["VNPT lắp bao nhiêu camera?", "tỉnh?"],
    "vinaphone_spelt_out": ["thuê bao vi na phôn được tặng thêm gì để làm việc từ xa?"],
    "who_made_this_bot": ["bot này ai làm vậy"],
    "a_capital_expenditure": ["Viettel quarantine camera capex?"],
    "cases_consulted": ["Đến nay có bao nhiêu ca được hội chẩn qua các trung tâm của Viettel?"],
    "main_contributions": ["What were MobiFone's key contributions during the pandemic?"],
    "the_need_it_meets": ["VinaPhone ở Nam Định hỗ trợ khách hàng gì?", "nhằm đáp ứng nhu cầu gì?"],
    "the_gap_between_the_two": [
        "How many cameras did VNPT install?",
        "And Viettel?",
        "What's the gap between the two?",
    ],
    "a_share_of_a_whole_named_first": [
        "Of Viettel's and MobiFone's fund pledges combined, what share came from MobiFone?"
    ],
    "ten_per_cent": ["If 150 centres are ten per cent of public hospitals, how many public hospitals are there?"],
    "the_value_of_what_is_named_after": [
        "What's the total value of MobiFone's Covid contributions, welfare programmes included?"
    ],
    "a_figure_set_aside_then_asked": ["Ngoài 19 tỷ góp xây trung tâm, Viettel còn góp quỹ vắc xin bao nhiêu ạ?"],
    "the_asker_s_company_likened": ["MobiFone góp quỹ bao nhiêu?", "thế nhà mạng em có góp như MobiFone không?"],
    "the_asker_s_company_after_it_was_talked_about": [
        "VNPT lắp bao nhiêu camera?",
        "công ty em đang làm hạ tầng cho bao nhiêu camera?",
    ],
    "the_asker_s_company_alone": ["Công ty em có góp quỹ vắc xin không?"],
    "the_asker_s_company_named": ["Em ở VNPT Nam Định, nhà mạng em có cho dùng phần mềm họp trực tuyến không?"],
    "the_hospitals_by_name": ["What are the names of the provincial hospitals with Viettel centres?"],
    "specifically_when": ["cụ thể là hôm nào?"],
    "which_region_of_the_country": ["Camera cách ly của VNPT nằm ở các tỉnh thuộc vùng nào của đất nước?"],
    "cameras_cover": ["How many provinces do VNPT's quarantine cameras cover?"],
    "whose_money_built_them": ["mấy trung tâm hội chẩn của viettel ai bỏ tiền vậy"],
    "no_typed_hk": ["khám xong thì có được cấp thuốc hk ad"],
    "how_are_you_bot": ["bot có khỏe không"],
    "a_solution_regarding": ["Viettel Nam Định có giải pháp gì liên quan tới tiêm chủng?"],
    "levels_listed_past_a_comma": [
        "Trung tâm ở bệnh viện tuyến tỉnh, huyện chiếm mấy phần trăm bệnh viện công cả nước?"
    ],
    "where_the_asker_is": ["Em ở Đà Nẵng, khu cách ly có camera, VNPT lắp ở bao nhiêu cơ sở cách ly vậy?"],
    "the_asker_s_company_set_against": ["Viettel góp quỹ vắc xin bao nhiêu?", "Còn công ty em thì sao?"],
    "where_the_asker_is_and_asks_of": ["Toi o Ha Noi, Viettel lap bao nhieu camera o Ha Noi?"],
    "a_month_and_a_day_stated": ["Từ tháng 6/2013 đến 28/9/2020 là bao nhiêu ngày?"],
    "weeks_between_stated_dates": ["Từ 2/11/2013 đến 16/11/2013 là mấy tuần?"],
    "centres_of_a_value_stated": ["Với tổng giá trị 19 tỷ, Viettel tặng bao nhiêu trung tâm hội chẩn?"],
    "far_is_no_kind_of_place": ["VNPT lắp camera ở bao nhiêu tỉnh, xa nhất là tỉnh nào?"],
    "added_on_top_typed_cong_them": ["xài vinaphone mùa dịch được cộng thêm gì ko"],
    "what_each_of_two_did": ["Viettel với VNPT mỗi bên làm được gì chống dịch vậy?"],
    "who_made_the_named_service": ["VNPT Nam Định có làm Sổ sức khỏe điện tử không?"],
    "a_percentage_alone": ["phần trăm?"],
    "two_things_counted_added_up": [
        "Viettel hoàn thành bao nhiêu cơ sở khám chữa bệnh từ xa?",
        "còn trung tâm hội chẩn thì mấy cái?",
        "cộng lại bao nhiêu?",
    ],
    "a_percentage_after_a_whole_and_its_part": [
        "MobiFone's total Covid contribution?",
        "and to the vaccine fund?",
        "pct?",
    ],
    "who_made_a_thing_unnamed": ["VNPT có làm tổng đài ảo không?"],
    "it_after_a_no_whose_it_is": ["Cyber Bot là của VNPT hả?", "nó gọi được bao nhiêu cuộc?"],
    "they_after_a_no_whose_it_is": ["Sổ sức khỏe điện tử là của VNPT Nam Định à?", "vậy họ cho dùng phần mềm họp gì?"],
    "a_whole_with_its_part": ["Chào cả nhà, MobiFone mình góp được bao nhiêu để chống dịch?"],
    "wishes_and_greetings": ["Chào cả nhà, chúc bot khỏe mạnh, may mắn!"],
    "months_between_stated_months": ["Từ tháng 6/2013 tới tháng 9/2020 cách nhau mấy tháng?"],
    "days_between_stated_dates": ["How many days from 9/11/2013 to 28/9/2020?"],
    "days_from_a_date_no_article_gives": ["Từ 1/1/2020 đến 28/9/2020 là bao nhiêu ngày?"],
    "the_asker_s_company_in_english": ["Did my company donate to the vaccine fund like Viettel did?"],
    "a_hotline_to_ask_about_a_thing": ["Số tổng đài của VNPT để hỏi về camera cách ly là gì?"],
    "what_was_paid_for_a_thing": ["How much did VNPT pay for its 2,400 cameras?"],
    "how_to_download_an_app": ["Cách tải app Sổ sức khỏe điện tử như thế nào?"],
    "the_supplier_of_a_thing": ["Who was the supplier of VNPT's cameras?"],
    "a_name_never_used_before_a_deed": ["Orbitel lắp bao nhiêu camera ở khu cách ly?"],
    "a_name_never_used_before_a_deed_in_english": ["Did Kestrel donate to the vaccine fund?"],
    "a_year_s_profit": ["What was Viettel's profit in 2020?"],
    "what_is_done_with_the_profit": ["What does Viettel do with its profit?"],
    "compare_then_the_operation": ["Compare Viettel's and MobiFone's fund pledges: how many times larger?"],
    "a_share_stated_of_people_named": ["30% of Viettel's 50 million customers is how many people?"],
    "a_real_person_or_a_bot": ["Bạn là người thật hay bot vậy?"],
    "what_one_can_ask": ["Em có thể hỏi bạn những gì?"],
    "an_amount_before_a_date": ["Trước ngày 3/6 MobiFone góp bao nhiêu?"],
    "an_amount_on_a_day": ["MobiFone góp bao nhiêu ngày 3/6?"],
    "a_particle_typed_day": ["Viettel góp quỹ vắc xin bao nhiêu tiền đấy?"],
    "average_a_unit_per_another": ["VNPT average cameras per facility?"],
    "a_part_then_another_thing_added_up": [
        "Có bao nhiêu trung tâm hội chẩn của Viettel đặt ở bệnh viện tuyến tỉnh, huyện?",
        "Viettel xây xong bao nhiêu cơ sở khám chữa bệnh từ xa?",
        "cộng cả lại là bao nhiêu?",
    ],
    "which_district_typed_mo": ["Viettel về khám ở huyện mô của Lai Châu?"],
    "a_month_and_year_then_which_province": ["Tháng 11/2013, tỉnh nào Viettel đến khám đầu tiên?"],
    "a_person_of_another_operator_then_his_name": [
        "What did VNPT's chairman say about the vaccine fund? Give me his name."
    ],
    "a_sum_in_another_currency": ["Viettel's 450 billion is how much in US dollars?"],
    "the_speed_reached": ["What speed did the Nam Dinh carriers raise the internet to?"],
    "thanks_and_done_with_the_story": ["Thanks, that's all for my story."],
    "both_of_two_answers_in_one_added_up": [
        "VNPT lắp bao nhiêu camera ở khu cách ly, còn Viettel bao nhiêu?",
        "cộng cả hai lại?",
    ],
    "two_parts_named_then_their_difference": [
        "Viettel đặt bao nhiêu trung tâm hội chẩn ở bệnh viện thành phố?",
        "còn ở bệnh viện tỉnh, huyện?",
        "chênh nhau bao nhiêu?",
    ],
    "what_each_of_two_units_did_then_a_request": [
        "What did Viettel Nam Dinh and VNPT Nam Dinh each roll out? Name the products."
    ],
    "a_name_likened_to_an_operator": ["Global có góp quỹ vắc xin như Viettel không, bao nhiêu tỷ?"],
    "bn_typed_last_after_when": ["vt vi cong dong ve dien bien ngay may bn"],
    "a_body_likened_to_an_operator": ["Bộ Y tế có nhận trung tâm hội chẩn như Viettel không?"],
    "a_plural_noun_before_a_deed": ["Volunteers installed the cameras?"],
    "a_count_with_its_classifier_checked": ["Viettel tặng 178 cái trung tâm hội chẩn đúng không?"],
    "compared_with_a_difference_named": ["So sánh Viettel và MobiFone: chênh lệch bao nhiêu và gấp mấy lần?"],
    "people_of_the_customers_not_counted": [
        "Viettel có hơn 50 triệu khách hàng, trong đó bao nhiêu người được khám bệnh miễn phí?"
    ],
    "a_figure_of_another_operator_checked_in_english": ["Is it true VNPT handed over the 178 consultation centres?"],
    "an_amount_according_to_an_article": ["In the vaccine fund article, how much did MobiFone contribute?"],
    "a_figure_with_its_classifier_checked_after_an_answer": [
        "VNPT lắp bao nhiêu camera ở cơ sở cách ly?",
        "vậy là 24.000 chiếc hả?",
    ],
    "the_two_things_added_up": [
        "vt tặng mấy trung tâm hội chẩn",
        "Viettel hoàn thành bao nhiêu cơ sở khám chữa bệnh từ xa?",
        "tổng 2 cái là bn",
    ],
    "a_possessive_name_never_used": ["What was Telstra's donation to the vaccine fund?"],
    "added_up_with_lai_typed_with_its_marks": [
        "MobiFone góp quỹ vắc xin bao nhiêu?",
        "còn Viettel?",
        "tổng lại là bao nhiêu?",
    ],
    "which_is_more_and_by_how_much_after_two_answers": [
        "Viettel ủng hộ quỹ vắc xin bao nhiêu?",
        "MobiFone thì sao?",
        "ai nhiều hơn và hơn bao nhiêu?",
    ],
    "a_computed_figure_checked": [
        "VNPT định kết nối bao nhiêu camera?",
        "đã lắp bao nhiêu?",
        "còn thiếu mấy cái?",
        "vậy thiếu 7.600 cái hả?",
    ],
    "a_computed_figure_checked_wrong": [
        "VNPT định kết nối bao nhiêu camera?",
        "đã lắp bao nhiêu?",
        "còn thiếu mấy cái?",
        "thiếu 7.000 đúng không?",
    ],
    "another_operator_and_the_subject_s_word": [
        "How much did Viettel give to the vaccine fund?",
        "and MobiFone?",
        "VNPT's donation?",
    ],
    "disease_cases_consulted": ["Đến nay các trung tâm hội chẩn từ xa đã hội chẩn bao nhiêu ca bệnh?"],
    "headcount_of_a_thing_no_article_counts": ["Headcount of doctors at Viettel's remote consultation centres?"],
    "where_to_download_it": ["Viettel Nam Định triển khai ứng dụng gì?", "tải nó ở đâu vậy?"],
    "who_gave_the_money_for_a_thing": ["Tiền làm 178 trung tâm hội chẩn do ai đóng góp?"],
    "number_of_a_thing_counted": ["No. of cameras installed by VNPT?"],
    "a_rollout_then_an_average_per_site": ["VNPT camera rollout: cameras and sites?", "Avg cameras per site?"],
    "a_ratio_checked_with_decimals": [
        "Viettel's vaccine fund gift?",
        "MobiFone's?",
        "ratio?",
        "so about 2.3 times, right?",
    ],
    "a_ratio_checked_with_a_decimal_comma": [
        "Viettel góp quỹ vắc xin bao nhiêu?",
        "còn MobiFone?",
        "gấp mấy lần?",
        "vậy là gấp 2,25 lần hả?",
    ],
    "more_by_a_figure_with_a_particle": ["Viettel góp quỹ vắc xin nhiều hơn MobiFone 250 tỷ hả?"],
    "a_ratio_checked_rounded_too_far": ["Viettel's vaccine fund gift?", "MobiFone's?", "ratio?", "so 2 times, right?"],
    "a_figure_the_answers_state_checked_after_a_calculation": [
        "Viettel góp quỹ vắc xin bao nhiêu?",
        "còn MobiFone?",
        "chênh lệch bao nhiêu?",
        "còn mobi góp 200 tỷ đúng ko?",
    ],
    "a_figure_said_in_words_by_voice_typing": ["vi tel ủng hộ quỹ vắc xin bốn trăm năm mươi tỷ hả"],
    "an_operator_spelt_by_voice_typing_asked_another_s_thing": ["vê en pê tê trao cho bộ y tế mấy trung tâm hội chẩn"],
    "a_total_and_who_gave_more": ["Viettel và MobiFone góp quỹ vắc xin tổng cộng bao nhiêu, và bên nào góp nhiều hơn?"],
    "a_company_no_article_covers_named_by_its_brand": ["Saymee ủng hộ chống dịch bao nhiêu tỷ?"],
    "the_source_of_the_money_asked": ["Viettel tặng Bộ Y tế mấy trung tâm hội chẩn?", "nguồn kinh phí do ai góp?"],
    "a_total_of_the_two_companies": [
        "How much did Viettel give the vaccine fund?",
        "and MobiFone?",
        "total of both companies?",
    ],
    "which_ministry_received": ["Viettel tặng các trung tâm hội chẩn từ xa cho bộ nào thế?"],
    "months_between_asked_in_the_singular": [
        "When did Viettel Telecom start combining customer care with social activities?",
        "And when did its community programme in the north-west start?",
        "between them is how many month?",
    ],
    "a_check_ending_or_not": ["Da Nang have VNPT camera or not?"],
    "one_figure_minus_another": ["VNPT's target capacity minus the cameras it has installed?"],
    "the_remainder_of_a_whole": ["MobiFone's total covid contribution?", "of which the vaccine fund?", "remainder?"],
    "another_operator_asked_for_the_same": ["VNPT lắp camera có tính năng gì?", "thế mobi có hệ thống giống vậy ko"],
    "a_follow_up_opening_with_ua": ["VNPT đầu tư hạ tầng cho bao nhiêu camera?", "ủa thế giờ lắp được mấy cái rồi"],
    "how_many_more_of_them": ["camera của viettel với vnpt bên nào nhiều hơn", "hơn bao nhiêu cái?"],
    "a_figure_with_cai_checked": ["Viettel lắp bao nhiêu camera ở khu cách ly?", "vậy là 40.000 cái hả?"],
    "compared_with_another_operator": ["VNPT lắp được bao nhiêu camera ở khu cách ly?", "so với Viettel?"],
    "a_check_of_nothing_said": ["is it true?"],
    "a_check_of_the_answer_just_given": ["VNPT lắp bao nhiêu camera?", "có đúng không vậy?"],
    "a_check_of_the_calculation_just_given": ["Viettel's vaccine fund gift?", "MobiFone's?", "difference?", "correct?"],
    # session nineteen
    "a_figure_asked_by_its_question_mark_alone": ["mobifone ủng hộ quỹ vắc xin 450 tỷ?"],
    "a_date_asked_by_its_question_mark_alone": ["mobi góp 200 tỷ vào quỹ vắc xin hôm 4/6?"],
    "thanks_after_a_nod": ["ok thank you, that helped a lot"],
    "which_languages_it_speaks": ["bot có hiểu tiếng Anh không?"],
    "provinces_the_programme_had": ["ctr viettel vì cộng đồng có bao nhiêu tỉnh vậy"],
    "a_year_in_brackets_after_now": ["Số khách hàng của Viettel hiện nay (2025) là bao nhiêu?"],
    "where_to_download_typed_in_english_words": ["app Sổ sức khỏe điện tử download ở đâu vậy?"],
    "the_other_side_of_an_opposite_counted": [
        "150 trung tâm chiếm 10% bệnh viện công, thế cả nước có mấy bệnh viện tư nhân?"
    ],
    "a_question_after_thanks_for_someone": [
        "Tôi muốn cảm ơn tác giả bài viết. Bài về doanh nghiệp viễn thông Nam Định do ai viết vậy?"
    ],
    "a_greeting_saying_how_long_the_asker_lived_there": [
        "Chào bạn, tôi sống ở Nam Định đã hơn bảy mươi năm. Tỉnh tôi có mấy đơn vị viễn thông?"
    ],
    "facilities_monitored_by_cameras": ["How many quarantine sites do VNPT's cameras monitor?"],
}


@pytest.fixture(scope="module")
def replies() -> dict[str, list[dict[str, Any]]]:
    requests = [{"chat_id": name, "text": text} for name, turns in CONVERSATIONS.items() for text in turns]
    answered: dict[str, list[dict[str, Any]]] = {}
    for reply in jsonl(*requests):
        answered.setdefault(reply["chat_id"], []).append(reply)
    return answered


def said(replies: dict[str, list[dict[str, Any]]], name: str, turn: int = -1) -> dict[str, Any]:
    return replies[name][turn]


def assert_answered_with(replies: dict[str, list[dict[str, Any]]], name: str, expected: str) -> None:
    """The conversation's last reply states a fact, and says `expected`."""
    reply = said(replies, name)
    assert reply["answered"] and expected in reply["text"], reply["text"]


def assert_declined_without(replies: dict[str, list[dict[str, Any]]], name: str, figure: str) -> None:
    """The conversation's last reply states no fact, and does not show `figure` (a figure nearby a careless bot
    would borrow)."""
    reply = said(replies, name)
    assert not reply["answered"] and figure not in reply["text"], reply["text"]


def test_broad_questions_get_the_few_facts_that_answer_them(replies: dict[str, list[dict[str, Any]]]) -> None:
    mobifone = said(replies, "mobifone")
    assert mobifone["answered"] and "200 tỷ" in mobifone["text"] and "2.000 tỷ" in mobifone["text"]
    assert mobifone["text"].index("200 tỷ") < mobifone["text"].index("2.000 tỷ")  # the fund first
    assert "200 tỷ" in said(replies, "mbf")["text"]
    viettel = said(replies, "viettel")["text"]
    assert "450 tỷ" in viettel and viettel.index("450 tỷ") < viettel.index("19 tỷ")  # the larger gift first
    camera = said(replies, "camera")["text"]
    assert "4.000" in camera and "2.400" in camera and camera.index("4.000") < camera.index("2.400")
    assert all(len(r["sources"]) >= 1 for r in (mobifone, said(replies, "camera")))


def test_comparisons_are_computed_and_shown(replies: dict[str, list[dict[str, Any]]]) -> None:
    most = said(replies, "most")["text"]
    assert "Viettel" in most and "450" in most and "VNPT" in most  # whose figure is missing, said
    more = said(replies, "more")["text"]
    assert "450 − 200 = VND 250 billion" in more
    assert "450 − 200 = 250 tỷ đồng" in said(replies, "teen_more")["text"]  # "nhiu hơn": "nhiều hơn", more
    assert "7.600" in said(replies, "teen_more_to_go")["text"]  # "thêm bn ... nữa": "thêm bao nhiêu", a difference
    assert "6.400" in said(replies, "added_up")["text"]  # "Cộng số ...": a total
    assert "(10.000 − 2.400) / 10.000 ≈ 76%" in said(replies, "short_of_target")["text"]  # a share of the target
    revenue = said(replies, "share_of_revenue")  # no article states MobiFone's revenue
    assert not revenue["answered"] and "10%" not in revenue["text"]
    unlike = said(replies, "unlike_things")  # centres stated for one, cameras for the other
    assert not unlike["answered"] and "4.000" not in unlike["text"]
    refused = said(replies, "vnpt_more")
    assert not refused["answered"] and "VNPT" in refused["text"] and "450" not in refused["text"]
    answered_about = said(replies, "answered_about")["text"]  # the first question named no operator
    assert "4,000 − 2,400 ≈ 1,600" in answered_about
    later = said(replies, "compare_later")["text"]
    assert "450 − 200 = 250 tỷ đồng" in later
    assert "(450 − 200) / 200 = 125%" in said(replies, "percent_more")["text"]
    assert "100% − 30% = 70%" in said(replies, "percent_rest")["text"]
    assert "50 triệu × 30% ≈ 15 triệu" in said(replies, "part_people")["text"]  # customers are people
    assert "2.000 − 200 ≈ 1.800 tỷ đồng" in said(replies, "besides_named")["text"]  # the part named, not stated
    assert "450 / 200 = 2,25 lần" in said(replies, "times")["text"]
    assert "(450 + 200) / 2 = 325 tỷ đồng" in said(replies, "mean")["text"]
    three = said(replies, "mean_of_three")  # the three operators: VNPT's gift is not stated
    assert not three["answered"] and "VNPT" in three["text"] and "325" not in three["text"]
    assert "2.000 − 200 ≈ 1.800 tỷ đồng" in said(replies, "besides")["text"]  # a whole less the part set aside
    assert "200 / 2.000 ≈ 10%" in said(replies, "share_of_whole")["text"]
    assert "10.000 / 4.000 ≈ 2,5 lần" in said(replies, "two_sides")["text"]
    assert "2.400 / 10.000 ≈ 24%" in said(replies, "share_sides")["text"]  # VNPT's target, Viettel's installed
    assert "Từ 2013 đến 2020: 7 năm" in said(replies, "years_apart")["text"]  # the article's year where no date
    assert "From 6/2013 to 11/2013: 5 months" in said(replies, "months_apart")["text"]
    assert "7 năm" not in said(replies, "years_alone")["text"]  # one subject: no time between two events
    assert "5 tháng" in said(replies, "months_to")["text"]  # from the answer's date to the month stated
    assert "50 million" in said(replies, "said_it_had")["text"]  # "it" is Viettel; 2013 qualifies, no word
    assert "50 million × 30% ≈ 15 million" in said(replies, "part_in_millions")["text"]  # "how many of X's customers"
    assert "50 triệu × 70% ≈ 35 triệu" in said(replies, "rest_in_millions")["text"]  # "số liệu" names no doses
    early = said(replies, "days_early")["text"]  # a figure of days is no count of facilities to subtract
    # two figures the question states, each of one fact: computed as stated ("+", "cộng 1.000", "chênh")
    assert "450 + 19 = 469 tỷ đồng" in said(replies, "stated_plus")["text"]
    across = said(replies, "stated_across")["text"]  # two operators' figures of two measures: each named
    assert "200 − 19 = 181 tỷ đồng" in across and "MobiFone," in across and "Viettel," in across
    assert "1.000 + 178 = 1.178" in said(replies, "plus_number")["text"]
    each = said(replies, "each_named")["text"]  # every operator named: each one's own figure
    assert "450 tỷ" in each and "200 tỷ" in each
    assert "1.000 / 178 ≈ 5,62 lần" in said(replies, "ratio_of_units")["text"]  # two counts of one operator
    assert "4.000 + 2.400 ≈ 6.400" in said(replies, "sum_first")["text"]  # a sum over the operators needs no context
    assert "(450 − 200) / 450 = 55,6%" in said(replies, "less_percent")["text"]  # less than Viettel: of Viettel's
    assert "4,000 − 2,400 ≈ 1,600" in said(replies, "difference_en")["text"]  # the noun after "A's and B's"
    assert "10,000 − 2,400 ≈ 7,600" in said(replies, "short_of")["text"]  # short of a target: the difference
    assert "14 ngày (2 tuần)" in said(replies, "weeks_apart")["text"]  # days counted, in weeks too
    assert "2,000 − 450 ≈ VND 1,550 billion" in said(replies, "sides_or")["text"]  # each side says what it is
    assert "50 triệu × 30% ≈ 15 triệu" in said(replies, "approximately_more")["text"]  # "khoảng hơn": no difference
    assert "450 − 200 = VND 250 billion" in said(replies, "exceed")["text"]
    assert "200 / 2,000 ≈ 10%" in said(replies, "fraction")["text"]
    assert "450 / 200 = 2,25 lần" in said(replies, "times_teencode")["text"]  # "hơn" alone is no subject
    assert "4.000 + 2.400 ≈ 6.400" in said(replies, "plus_operators")["text"]  # "+" between two operators
    assert "10.000 − 2.400 ≈ 7.600" in said(replies, "to_the_other_figure")["text"]  # its one other camera figure
    # "compare": a difference; "and" joining the operators named makes no follow-up
    assert "4,000 − 2,400 ≈ 1,600" in said(replies, "compare_en")["text"]
    # two parts of one count, each named by its label ("tỉnh" is no count of provinces here)
    assert "150 − 27 = 123" in said(replies, "parts_by_label")["text"]
    assert "15 ngày" in early and "985" not in early
    # The answer just given against another figure of its operator that the follow-up names in words
    _, missing, reached = replies["compare_with_answer"]
    assert "10.000 − 2.400 ≈ 7.600" in missing["text"] and "2.400 / 10.000 ≈ 24%" in reached["text"]


def test_computations_refuse_what_the_figures_do_not_give(replies: dict[str, list[dict[str, Any]]]) -> None:
    joint = said(replies, "joint_figure")  # MobiFone's whole is stated, Viettel's is not; a shared figure is no one's
    assert not joint["answered"] and "Viettel" in joint["text"] and "triệu" not in joint["text"]
    elsewhere = said(replies, "other_place")  # cameras "from Đà Nẵng southwards"; nor the capacity being built
    assert not elsewhere["answered"] and "2.400" not in elsewhere["text"] and "10.000" not in elsewhere["text"]
    # 178 centres in all, 150 of them in hospitals: a whole and its part are not added up
    assert "328" not in said(replies, "whole_and_part")["text"]
    unstated = said(replies, "check_unstated_side")  # the 2013 programme's cost is stated nowhere
    assert not unstated["answered"] and not unstated["text"].startswith(("Yes", "No"))
    whole = said(replies, "fund_whole")  # the fund received more than the operators gave
    part = said(replies, "share_of_unstated_part")  # the fund's share is 10%; this part's is stated nowhere
    assert not said(replies, "compare_unstated")["answered"]  # no article counts MobiFone's customers
    assert not said(replies, "whole_of_one")["answered"]  # only MobiFone's whole is stated, not Viettel's
    assert not said(replies, "provinces_compared")["answered"]  # VNPT's 32 provinces; Viettel's: "phía Bắc"
    assert not said(replies, "which_first")["answered"]  # only MobiFone's gift is dated (3/6)
    assert not said(replies, "per_day")["answered"]  # "15 days ahead of the deadline" divides nothing
    assert not said(replies, "comparison_without_figures")["answered"]  # no figure counts either's users
    assert not part["answered"] and "10%" not in part["text"]
    assert not whole["answered"] and "450" not in whole["text"] and "650" not in whole["text"]
    each = said(replies, "each_item_amount")  # no article gives what one savings book holds: no total instead
    assert not each["answered"] and not any(figure in each["text"] for figure in ("450", "200", "19 tỷ"))


@pytest.mark.parametrize(
    ("name", "forbidden"),
    [
        ("staff", ("19 tỷ",)),
        # "so patients get treatment" in an example is no count of patients
        ("patients_counted", ()),
        ("author_not_given", ("Nguyễn Hương",)),  # only the Nam Định article names its author
        ("unit_has", ("50 triệu",)),  # the group's customers are not the branch's subscribers
        ("hospital_names", ()),  # the articles name no hospital
        ("which_hospitals", ("27",)),
        ("hospital_named", ()),
        ("profit", ()),
        ("age", ("50 triệu",)),
        ("uncovered", ("4.000", "2.400")),
        ("check_unknown", ("450", "200")),
        ("future_amount", ("450",)),  # what is to come: the articles state only what was given
        ("representative_unnamed", ("200",)),  # "đại diện MobiFone" is all the articles say: no name
        ("region_other", ("2.400",)),  # VNPT's cameras are from Đà Nẵng southwards
        ("date_elsewhere", ("450",)),  # 3/6 is MobiFone's date; no article dates Viettel's gift
        ("deadline", ("1,000",)),  # "15 days ahead of the deadline" gives no deadline
        ("position_unnamed", ("triệu",)),  # the articles name no head of the steering committee
        ("programmes_counted", ("2.000",)),  # no article counts MobiFone's programmes
        ("duration_asked", ("15 ngày",)),  # "15 days ahead of the deadline" says not how long it took
        ("another_time", ("3/6",)),  # the articles report one gift, on 3/6
        ("app_of_other", ("Bluezone",)),  # Viettel's Cyber Bot urged Bluezone; no article says MobiFone did
        ("part_of_whole", ("2.000",)),  # nearly 2,000 billion in all: no part of it but the fund is stated
        ("off_the_answer", ("4.000",)),  # the facilities' provinces: not the cameras' northern provinces
        ("money_for_cameras", ("450",)),  # the 450 billion went to the fund, not to cameras
        ("date_of_the_answer", ("3/6",)),  # Viettel's gift is undated: never MobiFone's date
        ("privilege", ("50 triệu",)),  # the Privilege fact counts no one; the 50 million are all customers
        ("unit_head", ("Le Dang Dung", "Lê Đăng Dũng")),  # the group's chairman is not the branch's head
        ("top_up", ("triệu",)),  # a subscriber's service question, not the ringback notices
        ("unit_amount", ("2.000",)),  # MobiFone's nationwide total is not its Nam Định branch's
        ("part_of_joint", ("triệu",)),  # more than a million reached by several operators together
        ("when_ended", ("16/11",)),  # the visits' dates are when each began; no article says when it ended
        ("what_next", ("Hà Giang",)),  # the articles name no stop after the last
        ("consultations_held", ("178",)),  # the centres are counted, not the consultations held
        ("hour_asked", ("3/6",)),  # a day is given, no hour
        ("locality", ("Điện Biên",)),  # the articles name provinces, no commune
        ("provinces_in_region", ("4.000",)),  # "the northern provinces", none by name
        ("receivers_representative", ("Lê Đăng Dũng",)),  # quoted for Viettel, not the ministry's representative
    ],
)
def test_what_the_articles_do_not_say_is_declined(
    replies: dict[str, list[dict[str, Any]]], name: str, forbidden: tuple[str, ...]
) -> None:
    reply = said(replies, name)
    assert not reply["answered"], reply["text"]
    assert not any(figure in said_text for said_text in (reply["text"], *reply["suggestions"]) for figure in forbidden)
    assert reply["suggestions"] and not any(ch.isdigit() for s in reply["suggestions"] for ch in s)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("speaker_of_event", "Lê Đăng Dũng"),  # the event's fact names no one; its article quotes him
        ("position_who", "Lê Đăng Dũng"),  # "sếp lớn ... là ai": a person, not the operator that acted
        ("alias_vtt", "Phó Tổng Giám đốc"),  # VTT: Viettel Telecom
    ],
)
def test_who_spoke_or_holds_a_position(replies: dict[str, list[dict[str, Any]]], name: str, expected: str) -> None:
    assert_answered_with(replies, name, expected)


def test_an_amount_to_come_is_answered_by_a_stated_plan(replies: dict[str, list[dict[str, Any]]]) -> None:
    capacity = said(replies, "future_capacity")  # a capacity being built is what "sẽ ... bao nhiêu" can ask
    assert capacity["answered"] and "10.000" in capacity["text"]


@pytest.mark.parametrize(
    ("name", "named"), [("uncovered", UNCOVERED), ("uncovered_brand", "Q-Fone"), ("uncovered_company", "Zalo Telecom")]
)
def test_an_operator_no_article_covers_is_named(
    replies: dict[str, list[dict[str, Any]]], name: str, named: str
) -> None:
    reply = said(replies, name)
    assert reply["kind"] == "unknown_operator" and named in reply["text"], reply["text"]
    assert not any(figure in reply["text"] for figure in ("2.000", "450", "200"))


def test_yes_no_checks_give_the_stated_figure(replies: dict[str, list[dict[str, Any]]]) -> None:
    no = said(replies, "check_no")["text"]
    assert no.startswith("Không") and "450 tỷ" in no and "MobiFone" in no
    teen = said(replies, "check_no_teen")["text"]
    assert teen.startswith("Không") and "200 tỷ" in teen
    assert said(replies, "check_yes")["text"].startswith("Đúng")
    particle = said(replies, "check_particle")["text"]  # a statement ending in "hả" is a check too
    assert particle.startswith("Không") and "2.400" in particle
    place = said(replies, "place_checked")["text"]  # the programme lists its provinces: not Sơn La
    assert place.startswith("Không") and "Hà Giang" in place
    assert not said(replies, "region_unchecked")["answered"]  # "the northern provinces" may include Bắc Giang
    assert said(replies, "check_more_than")["text"].startswith("Yes")  # "more than 2,400" is the figure's own
    dated = said(replies, "date_checked")["text"]  # the figure is right, the date is not
    other = said(replies, "check_other_subject")["text"]  # 19 billion built the centres: the fund gift is checked
    assert other.startswith("Không") and "450 tỷ" in other
    assert dated.startswith("Không") and "3/6" in dated
    region = said(replies, "region_checked")["text"]  # the figure is right, the region is the other one
    assert region.startswith("Không") and "phía Bắc" in region
    counted = said(replies, "count_checked")["text"]  # 200 centres, not MobiFone's 200 billion
    assert counted.startswith("No") and "178" in counted
    by_other = said(replies, "done_by_other")["text"]  # "do VNPT triển khai": done by another operator
    assert by_other.startswith("Không") and "Viettel" in by_other
    whose = said(replies, "check_whose")["text"]
    assert whose.startswith("Không") and "Viettel" in whose
    year = said(replies, "year_checked")["text"]  # the programme is dated 2013
    assert year.startswith("Không") and "2013" in year
    undated = said(replies, "year_undated")["text"]  # 200 billion is right; no article gives the gift's year
    assert "200 tỷ" in undated and not undated.startswith(("Đúng", "Không"))
    assert "5 đơn vị viễn thông" in said(replies, "either_count")["text"]  # two counts stated: the one that is
    for name, no in (("leader_elsewhere", "Không"), ("leader_elsewhere_en", "No")):  # "lãnh đạo": a role, no cue
        leader = said(replies, name)["text"]
        assert leader.startswith(no) and "Viettel" in leader, leader
    target = said(replies, "target_as_done")["text"]  # 10,000 is the capacity being built; 2,400 are installed
    assert target.startswith("Không") and "2.400" in target


def test_a_name_is_given_only_where_the_articles_give_one(replies: dict[str, list[dict[str, Any]]]) -> None:
    assert "Cyber Bot" in said(replies, "name_of")["text"]
    assert not said(replies, "name_not_given")["answered"]  # the article names no expert
    assert "Meeting" in said(replies, "unit_in_place")["text"]  # "VNPT ... in Nam Dinh": VNPT Nam Định


def test_lists_across_facts(replies: dict[str, list[dict[str, Any]]]) -> None:
    which = said(replies, "which_operators")["text"]
    assert "Viettel" in which and "MobiFone" in which
    did = said(replies, "operators_did")["text"]  # no operator named: each operator's best, not one's three
    assert all(name in did for name in ("Viettel", "MobiFone", "VNPT"))
    fund = said(replies, "carriers_fund")["text"]  # what they did together, then what each gave
    assert "450" in fund and "200" in fund
    assert "Sổ sức khỏe điện tử" in said(replies, "unit_did")["text"]  # the branch's own work, not the group's
    listed = said(replies, "list_en")  # English, and Viettel's own list though MobiFone's total fits the words
    assert listed["answered"] and listed["lang"] == "en" and "450" in listed["text"]
    besides = said(replies, "besides_listed")["text"]  # what was set aside is not listed again
    assert "4.000" in besides and "450" not in besides
    executives = said(replies, "executives")["text"]  # one fact for each person the articles quote
    assert "Lê Đăng Dũng" in executives and "Phạm Thị Thanh Vân" in executives
    assert "tỉnh" in said(replies, "hospital_levels")["text"]  # the levels of hospital are stated; names are not
    assert "32 tỉnh" in said(replies, "only_one_counts")["text"]  # of VNPT's camera facts, one counts provinces
    assert "MyTV" in said(replies, "tv_named")["text"]  # "TV" is the lexicon's word for "truyền hình", no acronym
    assert "savings book" in said(replies, "seriously_ill")["text"]  # the special support, then what it is
    assert "VNPT Meeting" in said(replies, "place_did")["text"]
    assert "2.400" in said(replies, "vnpt_did")["text"]
    assert "VNPT-Meeting" in said(replies, "vnpt_nd")["text"] or "VNPT Meeting" in said(replies, "vnpt_nd")["text"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("when", "3/6"),
        ("where", "phía Bắc"),
        ("worth", "19 tỷ"),
        ("worth_en", "VND 19 billion"),
        ("he_said", "cam kết"),
        ("she_said", "50 million"),
        ("days_apart", "7 ngày"),
        ("days_apart_en", "7 days"),
        ("used_by_it", "Ban Chỉ đạo"),  # "nó" inside a question is "it" too
        ("meeting_what", "trực tuyến"),  # "VNPT Meeting": a name, though "VNPT" names the operator
        ("days_between_places", "14 ngày"),  # the two places talked about
        ("that_is_people", "15 triệu"),  # "tức là" and "triệu" say nothing new: the share of the answer
        ("whose_is_it", "Viettel"),
        ("which_did", "Viettel"),  # the operator is asked: not MobiFone, talked about before
        ("plus_other_count", "1.000 + 178 = 1.178"),  # two counts, the second named by the follow-up
        ("he_committed", "tài chính"),  # "ông ấy" is the person talked about, however much else is said
        ("ratio_of_them", "450 / 200 = 2.25 times"),
        ("months_between_answers", "5 tháng"),  # between the dates of the last two answers
        ("mean_per_operator", "(4.000 + 2.400) / 2 ≈ 3.200"),
        ("share_in_that", "200 / 2.000 ≈ 10%"),  # the figure stated, within the answer just given
        ("per_item_after", "2,400 / 150 ≈ 16"),  # the subject's count per facility, not its provinces
        ("and_residents", "Nam Định"),  # "còn người dân?" stays on what the Nam Định operators did
        ("both_sides", "(Viettel: 450 tỷ đồng; MobiFone: 200 tỷ đồng): 450 + 200 = 650 tỷ đồng"),
        ("part_of_it", "VND 200 billion"),
        ("switch_own_subject", "VND 450 billion"),  # the switch names its own subject, not the total
        ("through_what", "nhạc chờ"),  # a short question about the answer just given
        ("of_which", "MobiFone (Tổng công ty Viễn thông MobiFone) đã đóng góp 200 tỷ"),  # "trong đó": of its total
        ("title_teencode", "Chủ tịch"),  # "chức j": "j" is "gì"
        ("they_opening", "Hà Giang"),  # "họ" opening a question: the doctors just talked about
        ("it_named", "Viettel"),  # "it" with the thing it stands for named: no follow-up
        ("date_en", "3 June"),
        ("how_early", "sớm 15 ngày"),  # how early: the days ahead of the deadline, though no duration
        ("thousands_abbreviated", "sớm 15 ngày"),  # "1k": a thousand; "KCB": khám chữa bệnh
        ("fee_asked", "miễn phí"),  # "mất phí": is it free
        ("title_of_quoted", "Phó Tổng Giám đốc"),  # asked after why, in one message: her title too
        ("after_most", "450 − 200 = 250"),  # the operators just compared, MobiFone against the winner
        ("funder_asked", "nhân viên"),  # where the money came from: the staff, not Viettel who gave the centres
        ("switch_after_shortfall", "4.000"),  # "để đủ": no subject of its own; Viettel's cameras
        ("parts_within_whole", "150 − 27 = 123"),  # "trong 178 trung tâm": the whole, no side of the difference
        ("parts_added", "150 + 27 = 177"),  # two parts named by their labels, added up
        ("per_item_unnamed", "2.400 / 150 ≈ 16"),  # "mỗi cơ sở mấy cái": per facility, of what was talked about
        ("total_both_operators", "4.000 + 2.400 ≈ 6.400"),  # "cả hai nhà mạng": both, no count of operators
        ("short_of_about", "10.000 − 2.400 ≈ 7.600"),  # "khoảng" between the words of a difference
        ("share_about", "200 / 2.000 ≈ 10%"),
        ("figure_whose", "VNPT"),  # the operator is asked: not Viettel, talked about before
        ("years_apart_events", "7 năm"),  # "hai sự kiện": the two answers just given
        ("add_both_amounts", "450 + 19 = 469"),
    ],
)
def test_follow_ups_by_attribute_and_by_pronoun(
    replies: dict[str, list[dict[str, Any]]], name: str, expected: str
) -> None:
    assert_answered_with(replies, name, expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # "nguồn?" after a decline: the answer before it again, with its source
        ("source", "Nguồn: Các nhà mạng đóng góp hàng trăm tỷ đồng vào Quỹ vắc xin"),
        ("source_en", "Source: Các nhà mạng đóng góp hàng trăm tỷ đồng vào Quỹ vắc xin"),
    ],
)
def test_the_source_of_the_last_answer(replies: dict[str, list[dict[str, Any]]], name: str, expected: str) -> None:
    assert_answered_with(replies, name, expected)
    assert said(replies, "source_first")["kind"] == "clarify"  # the source of nothing yet: of what?


@pytest.mark.parametrize(
    "name",
    [
        "whole_less_named_part",  # "trừ quỹ vắc xin": the part set aside, named in words
        "whole_less_stated_part",  # both figures said: the part is the one the whole includes
    ],
)
def test_a_whole_less_its_part(replies: dict[str, list[dict[str, Any]]], name: str) -> None:
    reply = said(replies, name)
    assert reply["answered"] and "2.000 − 200 ≈ 1.800 tỷ đồng" in reply["text"], reply["text"]


@pytest.mark.parametrize(
    ("name", "forbidden"),
    [
        ("place_inside_area", "2.400"),  # 32 provinces from Đà Nẵng southwards: no figure for Đà Nẵng alone
        ("place_not_counted", "178"),  # a nationwide count is no count of Hà Nội's
    ],
)
def test_a_wider_areas_figure_is_no_figure_for_one_place(
    replies: dict[str, list[dict[str, Any]]], name: str, forbidden: str
) -> None:
    reply = said(replies, name)
    assert not reply["answered"] and forbidden not in reply["text"], reply["text"]


def test_operator_switches_keep_the_subject(replies: dict[str, list[dict[str, Any]]]) -> None:
    _, mobifone, vnpt = replies["switch"]
    assert "200 tỷ" in mobifone["text"]
    assert not vnpt["answered"] and "450" not in vnpt["text"] and "200" not in vnpt["text"]
    # MobiFone has no Cyber Bot: not its total, though both are about fighting the epidemic
    off_subject = said(replies, "switch_off_subject")
    assert not off_subject["answered"] and "2.000" not in off_subject["text"]


def test_an_operator_switch_says_what_its_fact_does_not_give(replies: dict[str, list[dict[str, Any]]]) -> None:
    lacking = said(replies, "switch_lacking")  # Viettel's gift to the fund, whose date no article gives
    assert lacking["answered"] and lacking["text"].startswith("Các bài viết không nói điều đó về Viettel")
    assert "450" in lacking["text"]
    assert not said(replies, "switch_asking")["answered"]  # the date asked outright: not stated


def test_small_talk_and_odd_input(replies: dict[str, list[dict[str, Any]]]) -> None:
    for name in (
        "hello",
        "xin_chao",
        "who",
        "thanks_en",
        "anyone",
        "nod",
        "emoji",
        "name",
        "thanks_lot",
        "thats_all",
        "thanks_for_answering",
        "grandmother_greets",  # "cháu ơi": "bà" is no number three, "cháu" no Lai Châu
        "who_made_you",
    ):
        reply = said(replies, name)
        assert reply["kind"] == "smalltalk" and not reply["answered"] and not reply["sources"]
    assert said(replies, "thanks_en")["lang"] == "en"
    assert said(replies, "when_first")["kind"] == "clarify"
    assert said(replies, "place_closing")["kind"] == "clarify"  # "thế bạn" says nothing of a place
    assert said(replies, "the_other_first")["kind"] == "clarify"  # "bên kia": the other of what?
    assert "50 triệu" in said(replies, "closing_words")["text"]  # "hả bạn": no "Hà Giang"
    assert "450 tỷ" in said(replies, "long")["text"]  # a long message is read for its question
    # Thanks or "who are you" said with words no fact answers is small talk, not "I could not find that"
    for name in ("thanks_said", "who_greeted", "who_en"):
        assert said(replies, name)["kind"] == "smalltalk", said(replies, name)["text"]
    assert said(replies, "who_en")["lang"] == "en"


def test_a_person_the_articles_do_not_name_is_not_named(replies: dict[str, list[dict[str, Any]]]) -> None:
    _, speaker, name = replies["speaker_unnamed"]
    assert speaker["answered"] and "đại diện MobiFone" in speaker["text"]
    assert not name["answered"] and "Lê Đăng Dũng" not in name["text"]


@pytest.mark.parametrize(
    ("name", "forbidden"),
    [
        ("article_of_place", "28/9/2020"),  # the date of another article, which never names Nam Định
        ("leader_unnamed", "2.400"),  # a position asked: the fact on the cameras names no one
        ("expert_unnamed", "người lính"),  # the article quotes an expert it does not name
        ("hospitals_unnamed", "27"),  # the articles count the hospitals, they do not name them
        ("region_not_visited", "2/11"),  # the programme went to the north-west, not the Central Highlands
        ("amount_planned", "200"),  # an amount to come: the articles report none
        ("publisher_unstated", "Nguyễn Hương"),  # article 002 names its author, not her newspaper
        ("position_not_held", "Phạm Thị Thanh Vân"),  # she is the deputy general director
        ("uncovered_everyday_words", "200.000"),  # a company named with everyday words: not Viettel's Cyber Bot
        ("hospitals_of_operator", "1.500"),  # the public hospitals a share is of are no operator's
        ("instalments", "450"),  # the articles say how much, not in how many instalments
        ("vnpt_gave", "10,000"),  # no amount VNPT gave: not the cameras it is building capacity for
        ("said_of_one_asked_of_uncovered", "200 tỷ đồng"),  # MobiFone's figure is said, the other's asked
        ("minister_unnamed", "178"),  # the articles name no minister
        ("year_not_given", "200"),  # no article dates MobiFone's gift to a year
        ("cost_of_other_thing", "19"),  # the 19 billion bought the 178 centres, not the 1,000 facilities
        ("per_area_unknown", "4,000"),  # no article counts Viettel's quarantine areas: no average to make
        ("minutes_in_total", "2,019"),  # no figure counts minutes: nothing is added up (money least of all)
        ("camera_resolution", "2,400"),
        ("other_company_compared", "450"),  # Vingroup: no article covers it, so no comparison is made
        ("again_next_year", "tiếp cận thông tin"),  # what is to come: the articles report none
        ("birthplace", "According to Ms Vân"),  # not what she said of the programme
        ("part_of_a_whole_said", "more than 200,000 calls"),  # the whole said, not the part asked
        ("invested", "10,000"),  # how much money: not the cameras the infrastructure is for
        ("villages", "Hà Giang"),  # the provinces are named, the villages are not counted
        ("minister_which", "VND 19 billion"),  # "which minister": a person, whom the articles do not name
        ("ministry_leader", "19 tỷ"),  # a leader of the Ministry: the articles name no one there
        ("spokesperson_name", "200"),  # a spokesperson's name: the pledge's fact names no one
        ("calls_per_day", "200.000"),  # a rate per day: the articles give a total only
        ("times_a_month", "thường xuyên"),  # how often: "regularly" is no number of times
        ("month_not_its_own", "200.000"),  # a month the article's events are not in
        ("year_not_given_check", "200,000"),  # a year no article dates the calls to
        ("fund_founded", "3/6"),  # when the fund was founded: the articles give the date of a gift to it
        ("terse_headcount", "19"),  # "Viettel headcount?": how many staff, which no figure counts
        ("terse_place_alone", "2,400"),  # one city of the area the cameras are in
        ("part_of_a_part", "27"),  # the 150 split by level: no figure splits them
        ("named_service_of_another", "VNPT Meeting"),  # Sổ sức khỏe điện tử is Viettel's: no VNPT list of it
    ],
)
def test_near_misses_are_declined(replies: dict[str, list[dict[str, Any]]], name: str, forbidden: str) -> None:
    reply = said(replies, name)
    assert not reply["answered"] and forbidden not in reply["text"], reply["text"]


def test_a_position_quoted_is_not_asked(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "expert_quoted")
    assert reply["answered"] and "người lính" in reply["text"], reply["text"]


def test_a_whole_is_worked_back_from_a_part_and_its_share(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "whole_of_share")
    assert reply["answered"] and "150 / 10% = 1.500 bệnh viện công" in reply["text"], reply["text"]


def test_switches_between_units_named_after_a_place(replies: dict[str, list[dict[str, Any]]]) -> None:
    _, viettel, mobifone = replies["unit_switches"]
    assert viettel["answered"] and "Sổ sức khỏe điện tử" in viettel["text"], viettel["text"]  # its own, not shared
    assert mobifone["answered"] and "nhạc chờ" in mobifone["text"], mobifone["text"]  # "nđ": Nam Định, its only fact


def test_the_first_and_the_last_of_a_list_just_given(replies: dict[str, list[dict[str, Any]]]) -> None:
    _, first, between = replies["first_and_last"]
    assert first["answered"] and "2/11" in first["text"], first["text"]  # "đầu tiên" is no "tiền" (money)
    assert between["answered"] and "14" in between["text"], between["text"]


def test_an_overview_of_a_place_gives_each_operators_work_there(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "place_overview")
    assert reply["answered"] and "VNPT" in reply["text"] and "Viettel Nam Định" in reply["text"], reply["text"]
    assert "450" not in reply["text"]  # nationwide figures are not what was done in Nam Định


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("check_anothers_figure", "Viettel"),  # VNPT has no figure for the fund: whose 450 billion is
        ("check_anothers_region", "2.400"),  # 4,000 in the north is Viettel's; VNPT's own, from Đà Nẵng south
    ],
)
def test_a_check_of_another_operators_figure_says_no_and_whose(
    replies: dict[str, list[dict[str, Any]]], name: str, expected: str
) -> None:
    reply = said(replies, name)
    assert reply["answered"] and reply["text"].startswith("Không") and expected in reply["text"], reply["text"]


def test_a_check_of_no_ones_figure_gives_no_others(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "check_no_ones_figure")
    assert not reply["answered"] and "450" not in reply["text"] and "200" not in reply["text"], reply["text"]


def test_how_many_to_go_is_the_target_less_what_is_done(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "to_go")
    assert reply["answered"] and "7,600" in reply["text"], reply["text"]


def test_both_operators_after_one_sums_each_that_has_a_figure(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "both_after_one")
    assert reply["answered"] and "6.400" in reply["text"], reply["text"]  # Viettel's ~4,000 and VNPT's 2,400


def test_a_platform_is_no_gift(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "platform_component")  # "nền tảng" folds like "tặng" (to give)
    assert reply["answered"] and "4" in reply["text"] and "Sổ sức khỏe" in reply["text"], reply["text"]


def test_one_operators_share_of_two_operators_figures(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "share_of_two")
    assert reply["answered"] and "450 / (450 + 200) = 69,2% (Viettel)" in reply["text"], reply["text"]
    _, mean, share = replies["mean_then_share"]
    assert mean["answered"] and "325" in mean["text"], mean["text"]  # "mỗi bên": each operator talked about
    assert share["answered"] and "69,2%" in share["text"], share["text"]


def test_a_place_said_before_the_question_is_not_asked_about(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "place_in_preamble")
    assert reply["answered"] and "450" in reply["text"], reply["text"]


def test_an_average_asked_about_roughly_is_rounded_too(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "average_rounded")
    assert reply["answered"] and "106,7 triệu đồng" in reply["text"] and "107 triệu" in reply["text"], reply["text"]


def test_a_target_asked_of_its_operator(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "target_of_named")  # Viettel's cameras fit the words better, VNPT's target is asked
    assert reply["answered"] and "10,000" in reply["text"], reply["text"]


def test_a_region_that_is_another_operators_gets_no(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "region_of_another")
    assert reply["answered"] and reply["text"].startswith("Không") and "Đà Nẵng" in reply["text"], reply["text"]


def test_the_share_of_a_part_named_by_its_label_in_a_whole_said(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "named_part_share")  # the 10% of public hospitals is another share
    assert reply["answered"] and "150 / 178 = 84,3%" in reply["text"], reply["text"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mean_of_the_two", "(450 + 200) / 2 = VND 325 billion"),  # "the two operators": each that gave
        ("share_of_the_two", "450 / (450 + 200) = 69.2% (Viettel)"),
        ("outside_the_part", "2,000 − 200 ≈ VND 1,800 billion"),  # "outside" sets the fund gift aside
        ("mean_each_operator", "(450 + 200) / 2 = 325"),  # "mỗi nhà mạng": over each operator with a figure
        ("check_with_particle", "Không"),  # "trị giá 90 tỷ hả?": a figure stated to check (19 billion)
        ("subject_share", "10%"),  # "số trung tâm ... chiếm bao nhiêu phần trăm": the share asked, of centres
    ],
)
def test_arithmetic_and_checks_as_people_type_them(
    replies: dict[str, list[dict[str, Any]]], name: str, expected: str
) -> None:
    assert_answered_with(replies, name, expected)


def test_another_operators_whole_is_not_a_sum_with_the_first(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "whole_after_share")  # no article gives Viettel's total: not 450 + 200
    assert not reply["answered"] and "650" not in reply["text"], reply["text"]


def test_an_operator_called_my_network(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "my_network")  # "mạng mình": MobiFone, not a count of networks
    assert reply["answered"] and "200" in reply["text"], reply["text"]


def test_a_sum_over_the_two_facts_of_one_answer(replies: dict[str, list[dict[str, Any]]]) -> None:
    both, total = replies["sum_of_an_answer"]  # "camera": Viettel's and VNPT's, then their sum
    assert both["answered"] and total["answered"] and "6.400" in total["text"], total["text"]


def test_two_parts_named_by_their_labels_within_a_whole_said(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "parts_of_the_whole_said")  # of the unit asked (centres), not the 10% share
    assert reply["answered"] and "177" in reply["text"], reply["text"]


def test_millions_of_the_thing_counted_before_the_cue(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "millions_of_the_rest")  # "khách hàng ... bao nhiêu triệu": customers, 70% of them
    assert reply["answered"] and "70% ≈ 35 triệu" in reply["text"], reply["text"]


def test_a_list_whose_noun_takes_several_words(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "which_solutions")  # "những giải pháp công nghệ nào": the solutions, each named
    assert reply["answered"] and "camera" in reply["text"] and "Cyber Bot" in reply["text"], reply["text"]


def test_invited_is_not_each(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "invited_not_each")  # "mời" folds like "mỗi" (each): no average to compute
    assert reply["answered"] and "tim mạch" in reply["text"], reply["text"]


def test_the_beginning_is_not_where(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "beginning_not_where")  # "đến đầu tháng 11": no "đến đâu" (as far as where)
    assert reply["answered"] and "5 tháng" in reply["text"], reply["text"]


def test_he_is_the_man_of_the_two_people_just_named(replies: dict[str, list[dict[str, Any]]]) -> None:
    _, said_by_him = replies["he_of_two"]  # the answer named Lê Đăng Dũng and Phạm Thị Thanh Vân
    assert said_by_him["answered"] and "Lê Đăng Dũng" in said_by_him["text"], said_by_him["text"]


def test_according_to_the_article_is_no_subject(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "per_article")
    assert reply["answered"] and "Viettel" in reply["text"] and "MobiFone" in reply["text"], reply["text"]


def test_a_summary_gives_what_they_did_together_then_each_ones_part(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    reply = said(replies, "summary_of_all")
    assert reply["answered"] and "450" in reply["text"] and "200" in reply["text"], reply["text"]


def test_an_overview_gives_the_part_a_whole_includes_before_it(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "mobifone_did")  # the 200 billion for the fund, then the nearly 2,000 it is part of
    text = reply["text"]
    assert reply["answered"] and "200 tỷ" in text and "2.000" in text and text.index("200 tỷ") < text.index("2.000")


def test_more_than_a_figure_is_no_comparison(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "more_than_a_figure")  # "lắp hơn 2.400 camera": the figure, qualified
    assert reply["answered"] and "150" in reply["text"], reply["text"]


def test_what_a_recipient_got_is_no_sum_of_the_gifts_talked_about(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "fund_received_after")  # the fund's whole is not stated; 450 + 200 is not it
    assert not reply["answered"] and "650" not in reply["text"], reply["text"]


def test_two_questions_in_one_message_get_two_answers(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "two_questions")  # each asked in turn: the second ("mục tiêu?") after the first
    assert reply["answered"] and "2.400" in reply["text"] and "10.000" in reply["text"], reply["text"]
    assert len(reply["sources"]) >= 1
    _, total = replies["two_then_follow_up"]  # the two answers are what "cộng lại?" adds up
    assert total["answered"] and "6.400" in total["text"], total["text"]
    listed = said(replies, "list_in_one_question")  # commas of a list split nothing: VNPT's amount is not stated
    assert not listed["answered"] or "VNPT" in listed["text"], listed["text"]


def test_a_lead_in_about_the_asker_is_set_aside(replies: dict[str, list[dict[str, Any]]]) -> None:
    check = said(replies, "lead_in_check")  # "Trước ..." would pull towards "Trước đó, ... 19 tỷ"
    assert check["answered"] and "450" in check["text"] and "19 tỷ" not in check["text"], check["text"]
    student = said(replies, "lead_in_declined_whole")  # the whole fits "social responsibility"; the question does not
    assert student["answered"] and "200" in student["text"], student["text"]
    subject = said(replies, "lead_in_subject")  # the lead-in says which fund; the question says whose
    assert subject["answered"] and "450" in subject["text"], subject["text"]
    assert said(replies, "what_bot")["kind"] == "smalltalk"
    terse = said(replies, "terse_count")  # a thing counted and a question mark: how many
    assert terse["answered"] and "4,000" in terse["text"], terse["text"]
    greeting = said(replies, "lead_in_greeting")
    assert greeting["kind"] == "smalltalk", greeting


def test_parts_the_question_names_together_are_added_up(replies: dict[str, list[dict[str, Any]]]) -> None:
    in_hospitals = said(replies, "parts_in_hospitals")  # city and province/district hospitals, not the Ministry
    assert in_hospitals["answered"] and "27 + 150 = 177" in in_hospitals["text"], in_hospitals["text"]
    but_one = said(replies, "parts_but_one")  # the whole less the part set aside
    assert but_one["answered"] and "178 − 1 = 177" in but_one["text"], but_one["text"]


def test_they_typed_with_its_marks_is_the_operator_talked_about(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "they_later")  # "họ" mid-sentence: VNPT, what it has installed (not the target)
    assert reply["answered"] and "2.400" in reply["text"] and "VNPT" in reply["text"], reply["text"]


def test_an_introduction_alone_gets_the_friendly_reply(replies: dict[str, list[dict[str, Any]]]) -> None:
    assert said(replies, "introduction")["kind"] == "smalltalk"
    asking = said(replies, "introduction_asking")  # "muốn tìm hiểu": it asks
    assert asking["answered"] and "2.400" in asking["text"], asking["text"]
    assert said(replies, "that_quote_first")["kind"] == "clarify"  # "câu đó": a quote, of nothing said yet


def test_add_typed_with_its_marks_and_a_percentage_of_the_other(replies: dict[str, list[dict[str, Any]]]) -> None:
    total = said(replies, "add_up_marked")  # "Cộng" (add), not "cộng đồng"
    assert total["answered"] and "4.000 + 2.400" in total["text"] and "6.400" in total["text"], total["text"]
    relative = said(replies, "of_the_other")  # of Viettel's 450, not of the two together
    assert relative["answered"] and "200 / 450 = 44,4%" in relative["text"], relative["text"]


def test_a_range_or_region_guessed_gets_the_one_the_articles_give(replies: dict[str, list[dict[str, Any]]]) -> None:
    ranged = said(replies, "range_checked")  # the articles' own range, unconfirmed: no verdict on Quảng Trị
    assert ranged["answered"] and "từ Đà Nẵng trở vào" in ranged["text"], ranged["text"]
    assert not ranged["text"].startswith(("Đúng", "Không"))
    guessed = said(replies, "region_guessed")  # where is asked; the south is a guess
    assert guessed["answered"] and "phía Bắc" in guessed["text"], guessed["text"]


def test_broad_reminders_and_differences_as_people_word_them(replies: dict[str, list[dict[str, Any]]]) -> None:
    again = said(replies, "again_as_reminder")  # "again": tell me once more, not a gift to come
    assert again["answered"] and "450" in again["text"], again["text"]
    difference = said(replies, "difference_far_apart")  # "hơn ... bao nhiêu" with the other side between
    assert difference["answered"] and "450 − 19 = 431" in difference["text"], difference["text"]
    broad = said(replies, "broad_headline")  # the headline fact of what it names: the 178 centres given
    assert broad["answered"] and "178" in broad["text"], broad["text"]


def test_short_forms_read_by_the_words_around_them(replies: dict[str, list[dict[str, Any]]]) -> None:
    other = said(replies, "the_other_operator", turn=1)  # the operator not talked about: MobiFone's 200
    assert other["answered"] and "200" in other["text"] and "450" not in other["text"], other["text"]
    southern = said(replies, "southern_how_much", turn=1)  # "nhiêu": how much; VNPT's gift is not given
    assert not southern["answered"] and "450" not in southern["text"], southern["text"]
    assert said(replies, "percent_of_nothing")["kind"] == "clarify"  # a percentage of what?
    assert said(replies, "you_in_teencode")["kind"] == "smalltalk"  # "bn là ai": bạn, not bao nhiêu
    chairman = said(replies, "you_at_the_end")  # "z bn": "vậy bạn", said to the bot
    assert chairman["answered"] and "Lê Đăng Dũng" in chairman["text"], chairman["text"]
    da_nang = said(replies, "da_nang_short")  # "ở dn": in Đà Nẵng, for which no count is given
    assert not da_nang["answered"] and "2.400" not in da_nang["text"], da_nang["text"]


def test_a_claim_then_is_that_accurate_and_a_year_with_a_polite_ending(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    checked = said(replies, "claim_then_check")  # "more than 3,000": the claim's figure, checked
    assert checked["answered"] and checked["text"].startswith("No") and "2,400" in checked["text"], checked["text"]
    polite = said(replies, "year_with_polite_particle")  # "ạ" asks nothing; 2020 is not the article's 2013
    assert not polite["answered"] and "50" not in polite["text"], polite["text"]


def test_a_polite_introduction_from_a_place_is_read_past(replies: dict[str, list[dict[str, Any]]]) -> None:
    introduced = said(replies, "introduced_from_a_place")  # "ạ." asks nothing; Hà Nội is where the asker is
    assert introduced["answered"] and "450" in introduced["text"], introduced["text"]
    months = said(replies, "how_many_months")  # how long it lasted, which the article does not say
    assert not months["answered"], months["text"]


def test_a_claim_read_somewhere_and_a_count_of_the_thing_it_names(replies: dict[str, list[dict[str, Any]]]) -> None:
    somewhere = said(replies, "read_somewhere")  # "ở đâu đó": somewhere, no place asked
    assert somewhere["answered"] and somewhere["text"].startswith("Không") and "450" in somewhere["text"]
    operators = said(replies, "count_of_its_thing")  # 3 operators, not the 3 provinces of another article
    assert operators["answered"] and operators["text"].startswith("Không") and "5 đơn vị" in operators["text"]
    both = said(replies, "which_operators_did_it")  # each operator that did it, however much better one fits
    assert both["answered"] and "Viettel" in both["text"] and "VNPT" in both["text"], both["text"]
    assert said(replies, "called_then_the_other")["kind"] == "clarify"  # a call, then "the other one": of what?


def test_a_company_likened_to_an_operator_and_an_address_after_the_question(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    likened = said(replies, "likened_to_an_operator")  # about the company, which the articles never cover
    assert likened["kind"] == "unknown_operator" and UNCOVERED in likened["text"], likened["text"]
    where = said(replies, "where_examined_asked_of_the_bot")  # "cháu" is the bot, not Lai Châu
    assert where["answered"] and "Hà Giang" in where["text"], where["text"]


def test_a_part_and_its_whole_both_stated_and_a_counter_for_the_thing_named(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    share = said(replies, "part_and_whole_stated")  # of the whole said, not the share of public hospitals
    assert share["answered"] and "150 / 178 = 84,3%" in share["text"], share["text"]
    counted = said(replies, "counted_by_its_counter")  # "bao nhiêu cái": centres, not money given
    assert counted["answered"] and "150" in counted["text"], counted["text"]


def test_the_other_side_of_an_opposite_and_an_average_no_figure_gives(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    public = said(replies, "the_other_side", turn=0)
    assert public["answered"] and "10%" in public["text"], public["text"]
    private = said(replies, "the_other_side", turn=1)  # the 10% is of public hospitals: nothing on private ones
    assert not private["answered"] and "10%" not in private["text"], private["text"]
    itself = said(replies, "calls_itself")  # "tự nhận" (calls itself), which folds like "tư nhân" (private)
    assert itself["answered"] and "lớn nhất" in itself["text"], itself["text"]
    assert not said(replies, "each_lasted")["answered"]  # days per province: no figure, and no fact instead


def test_a_closing_clause_about_the_asker_is_read_past_and_bn_for_a_patient(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    customers = said(replies, "lead_out")  # "..., e cần số liệu cho bài thuyết trình" asks nothing
    assert customers["answered"] and "50" in customers["text"], customers["text"]
    patients = said(replies, "patient_short")  # "bn nhân nghèo": poor patients, not "how many"
    assert patients["answered"] and "sổ tiết kiệm" in patients["text"], patients["text"]
    operators = said(replies, "telecom_operators_counted")  # the operators counted, not the province
    assert operators["answered"] and "5" in operators["text"], operators["text"]


def test_a_value_or_people_s_names_the_articles_do_not_give_are_declined(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    value = said(replies, "value_of_facilities")  # "the value of": money, which the fact does not give
    assert not value["answered"], value["text"]
    doctors = said(replies, "doctors_names")  # the doctors' specialities are given, not their names
    assert not doctors["answered"], doctors["text"]


def test_qualifiers_bounds_both_sides_thanks_and_the_other_family(replies: dict[str, list[dict[str, Any]]]) -> None:
    qualified = said(replies, "qualifier_after_comma")  # "cho bệnh viện tư" qualifies; it is no lead-out
    assert not qualified["answered"] and "178" not in qualified["text"], qualified["text"]
    bound = said(replies, "more_than_true")  # more than 2,000: the 2,400 installed are
    assert bound["answered"] and bound["text"].startswith("Yes"), bound["text"]
    assert said(replies, "public_or_private")["answered"]  # public or private: the fact names the public side
    assert said(replies, "thanks_with_it", turn=1)["kind"] == "smalltalk"  # "it" in thanks asks nothing
    other = said(replies, "other_after_a_unit", turn=1)  # VNPT Nam Định's other: another family's
    assert other["answered"] and not other["intent"].startswith("vnpt"), other["intent"]
    assert not said(replies, "in_america")["answered"]  # "Mỹ" folds to "my", which is no English stopword here
    assert not said(replies, "staff_short")["answered"]  # "bn nhân viên": how many staff, not patients


def test_an_operator_likened_to_a_counted_thing_for_each_and_a_morning_wish(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    likened = said(replies, "likened_to_a_thing")  # asked of MobiFone Nam Định; VNPT's app is the likeness
    assert likened["kind"] == "wrong_operator" and "VNPT Meeting" not in likened["text"], likened["text"]
    counted = said(replies, "count_of_no_one")  # no operator named: each one's count
    assert counted["answered"] and "4.000" in counted["text"] and "2.400" in counted["text"], counted["text"]
    assert said(replies, "morning_wish")["kind"] == "smalltalk"


def test_places_or_operators_by_name_that_the_articles_only_count_are_not_given(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    for name in ("provinces_specifically", "name_the_32", "the_two_unnamed"):
        reply = said(replies, name)  # "cụ thể nào" (which, by name), "kể tên 32", "2 đơn vị còn lại"
        assert not reply["answered"], (name, reply["text"])


def test_a_yes_or_no_about_it_with_nothing_before_asks_what_it_is(replies: dict[str, list[dict[str, Any]]]) -> None:
    assert said(replies, "is_it_free_first")["kind"] == "clarify"  # "cái đó": of what?


def test_what_the_asker_will_do_is_no_question_about_the_future(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "what_the_asker_will_do")  # "Tôi sẽ ...": the asker's plan, not an amount to come
    assert reply["answered"] and "5 đơn vị" in reply["text"], reply["text"]


def test_who_is_answered_with_the_full_name_and_title(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "who_explained")  # the fact calls her "bà Vân"
    assert reply["answered"] and reply["text"].startswith("Phạm Thị Thanh Vân: Phó Tổng Giám đốc"), reply["text"]


def test_two_operators_asked_alike_get_figures_of_one_measure(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "each_asked_alike")  # each one's gift to the fund, not Viettel's staff's 19 billion
    assert reply["answered"] and "450 tỷ" in reply["text"] and "200 tỷ" in reply["text"], reply["text"]
    assert "19 tỷ" not in reply["text"], reply["text"]


def test_there_is_the_place_talked_about(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "there")  # "ở đó" after Nam Định: VNPT's work in Nam Định, not its cameras elsewhere
    assert reply["answered"] and "VNPT Meeting" in reply["text"], reply["text"]
    assert said(replies, "there_first")["kind"] == "clarify"  # there: where?


def test_asleep_yet_is_small_talk_and_who_manages_the_fund_is_not_said(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    assert said(replies, "asleep_yet")["kind"] == "smalltalk"
    manages = said(replies, "who_manages_the_fund")  # the articles name donors, not who runs the fund
    assert not manages["answered"] and "450" not in manages["text"], manages["text"]


def test_an_article_named_by_its_subject_or_year_is_where_the_answer_is_looked_for(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    customers = said(replies, "in_the_2013_article")
    assert customers["answered"] and "50 million" in customers["text"], customers["text"]
    listed = said(replies, "in_the_fund_article")  # the fund article's Viettel facts, not the 2020 centres
    assert listed["answered"] and "450" in listed["text"] and "4.000" in listed["text"], listed["text"]
    assert "178" not in listed["text"], listed["text"]


def test_a_birth_year_and_another_occasion_are_not_stated(replies: dict[str, list[dict[str, Any]]]) -> None:
    for name in ("born_in", "came_back"):  # no "Không": the articles say nothing of either
        reply = said(replies, name)
        assert not reply["answered"] and reply["kind"] == "not_stated", (name, reply["text"])


def test_a_fact_quoted_in_two_articles_is_found_in_either(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "title_in_the_fund_article")  # his title is quoted in both articles
    assert reply["answered"] and "Tổng giám đốc" in reply["text"], reply["text"]


def test_a_list_the_article_gives_is_counted_but_not_the_people_in_it(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    specialties = said(replies, "specialties_counted")  # five listed: counted, and said so (kb `derived`)
    assert specialties["answered"] and "5 chuyên khoa" in specialties["text"], specialties["text"]
    assert not said(replies, "doctors_not_counted")["answered"]  # how many doctors: no article says
    invited = said(replies, "invites_unmarked")  # "viettel moi bac si": invites, not "each doctor"
    assert invited["answered"] and "tim mạch" in invited["text"], invited["text"]
    assert said(replies, "what_can_you_do")["kind"] == "smalltalk"


def test_a_stated_figure_taken_into_a_total(replies: dict[str, list[dict[str, Any]]]) -> None:
    taken_in = said(replies, "taken_in")  # "tính cả 19 tỷ": the 19 billion and Viettel's other gift
    assert taken_in["answered"] and "19 + 450 = 469 tỷ đồng" in taken_in["text"], taken_in["text"]
    counting = said(replies, "counting_in_no_province")  # "tính" typed with its marks is no "tỉnh"
    assert counting["answered"] and "(450 + 200) / 2 = 325" in counting["text"], counting["text"]
    whole = said(replies, "taken_into_its_whole")  # MobiFone's whole already takes the 200 billion in: no sum
    assert "2.200" not in whole["text"], whole["text"]


def test_what_the_facts_on_a_named_thing_do_not_give_is_not_taken_from_another(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    reply = said(replies, "named_thing_undated")  # not the June 2013 customer-care strategy's date
    assert not reply["answered"] and "2013" not in reply["text"], reply["text"]


def test_provinces_asked_by_name_are_not_answered_by_a_region(replies: dict[str, list[dict[str, Any]]]) -> None:
    assert not said(replies, "provinces_by_name")["answered"]  # "cụ thể nào": by name; the article says "the north"
    region = said(replies, "provinces_of_which_region")  # "miền nào": the region is the answer
    assert region["answered"] and "phía Bắc" in region["text"], region["text"]


def test_the_question_after_the_words_that_ask_for_it(replies: dict[str, list[dict[str, Any]]]) -> None:
    pledged = said(replies, "after_could_you_tell_me")  # the case study and "coverage" (no "average") aside
    assert pledged["answered"] and "450" in pledged["text"], pledged["text"]
    placed = said(replies, "after_cho_em_hoi")
    assert placed["answered"] and "27" in placed["text"] and "150" in placed["text"], placed["text"]


def test_when_opening_a_clause_asks_no_date(replies: dict[str, list[dict[str, Any]]]) -> None:
    rank = said(replies, "when_as_a_clause")  # "hold when the centres were presented": the rank, not a date
    assert rank["answered"] and "Major General" in rank["text"], rank["text"]
    assert not said(replies, "when_at_the_end")["answered"]  # "... when?": a date, which no article gives


def test_an_amount_checked_against_a_fact_that_states_none_is_not_confirmed(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    reply = said(replies, "amount_no_fact_gives")  # the savings books' value is stated nowhere
    assert not reply["answered"] and reply["kind"] == "not_stated", reply["text"]


def test_a_gift_against_the_epidemic_and_totals_only_one_operator_states(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    gave = said(replies, "gave_against_the_epidemic")  # the 450 billion for the vaccine fund
    assert gave["answered"] and "450" in gave["text"], gave["text"]
    totals = said(replies, "totals_compared")  # "tổng": MobiFone's whole; no article states Viettel's
    assert not totals["answered"] and "450" not in totals["text"], totals["text"]


def test_the_two_figures_of_one_fact_given_in_turn_are_what_is_added(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    reply = said(replies, "parts_given_then_added")  # the 27 and the 150 asked for, not the 178 they are part of
    assert reply["answered"] and "27 + 150 = 177" in reply["text"], reply["text"]


def test_a_value_in_a_measuring_unit_no_fact_gives_is_not_stated(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "latency_in_ms")  # the fact says "low latency", never how many milliseconds
    assert not reply["answered"], reply["text"]


def test_a_speaker_the_article_leaves_unnamed(replies: dict[str, list[dict[str, Any]]]) -> None:
    assert not said(replies, "unnamed_representative")["answered"]  # "đại diện MobiFone là ai?": no name given
    spoke = said(replies, "who_spoke_of_the_goal")  # who spoke: a MobiFone representative, as the article says
    assert spoke["answered"] and "đại diện MobiFone" in spoke["text"], spoke["text"]


def test_an_overview_lists_what_was_done_and_what_a_fact_sums_up(replies: dict[str, list[dict[str, Any]]]) -> None:
    against = said(replies, "viettel_against_covid")  # the fund, the cameras and Cyber Bot's calls
    assert all(figure in against["text"] for figure in ("450", "4.000", "200.000")), against["text"]
    technology = said(replies, "viettel_technology")  # the solutions, then what they were: cameras, Cyber Bot
    text = technology["text"]
    assert "giải pháp" in text and text.index("camera") < text.index("Cyber Bot") < text.index("450"), text


def test_an_overview_of_a_place_names_what_each_operator_did_there(replies: dict[str, list[dict[str, Any]]]) -> None:
    reply = said(replies, "operators_of_a_place")  # VNPT's meeting software and Viettel's health book, each sourced
    assert reply["answered"] and "VNPT Meeting" in reply["text"] and "Sổ sức khỏe" in reply["text"], reply["text"]
    # what they did together there first, as the article tells it, then each one's own part
    listed = said(replies, "what_they_did_in_a_place")["text"]
    assert listed.index("băng thông") < listed.index("NCOVI") < listed.index("VNPT Meeting"), listed
    assert "Sổ sức khỏe" in listed, listed


def test_session_eleven_declines_what_the_articles_leave_open(replies: dict[str, list[dict[str, Any]]]) -> None:
    # VNPT's cameras make no share of the centres it never had; 450 (Viettel's) is not shown either
    lacking = said(replies, "share_of_what_the_operator_lacks")
    assert not lacking["answered"] and "%" not in lacking["text"], lacking["text"]
    for name in ("post_held_since", "post_held_since_en"):  # the articles say what post, never since when
        reply = said(replies, name)
        assert reply["kind"] == "not_stated" and not reply["answered"], reply["text"]
    later = said(replies, "post_held_after_the_article")  # the 2020 article already calls him so: no
    assert later["answered"] and later["text"].startswith("Không"), later["text"]
    # Viettel's cameras are counted, its quarantine facilities are not: no average to compare
    assert said(replies, "more_per_facility")["kind"] == "cannot_compute", said(replies, "more_per_facility")["text"]
    assert not said(replies, "exact_deadline")["answered"]  # 15 days ahead of it, but which day is never said
    undated = said(replies, "that_article_undated")  # the vaccine-fund article gives no date of its own
    assert not undated["answered"] and "2020" not in undated["text"], undated["text"]
    assert not said(replies, "bandwidth_per_camera")["answered"]  # no article gives Mbps: no 150 / 2,400 either
    # all MobiFone gave against Viettel's gift to the fund alone: not compared (nor 4.44 times shown)
    whole = said(replies, "whole_against_part")
    assert whole["kind"] == "cannot_compute" and "4,44" not in whole["text"], whole["text"]
    # "mấy ông Viettel" is "those Viettel people": the provinces are asked, which no article counts for Viettel
    guys = said(replies, "those_guys_at_viettel")
    assert not guys["answered"] and "32" not in guys["text"] and "4.000" not in guys["text"], guys["text"]
    assert not said(replies, "how_many_instalments")["answered"]  # instalments asked ("mấy đợt"), not the money
    for name in ("that_helps", "still_alive", "elder_thanks"):
        assert said(replies, name)["kind"] == "smalltalk", said(replies, name)["text"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("counted_with_a_counter", "4.000 camera"),  # "bn cái" counts the cameras, not the quarantine areas
        ("the_two_visits_apart", "14 ngày"),  # "hai đợt ấy": the first and the last visit talked about
        ("the_two_events_apart_en", "14 days"),
        ("last_from_first", "14 ngày (2 tuần)"),  # the last province talked about from the first
        ("those_two_days", "14 ngày"),  # "hai ngày đó": any word shown by "đó" points back
        ("they_gave_in_total", "450 + 200 = VND 650 billion"),  # "they": the operators just listed
        ("money_taken_from", "lợi nhuận"),  # who paid: part of the profit
        ("out_of_the_profits", "employees"),  # the source guessed is no figure checked: who paid is told
        ("state_budget", "nhân viên"),
        ("that_article_dated", "28/9/2020"),  # "bài đó": the article of the answer just given
        ("who_wrote_that_article", "Nguyễn Hương"),
        ("question_in_a_long_greeting", "5 đơn vị viễn thông"),  # the question after "cháu cho bác hỏi"
        ("who_put_that_money", "nhân viên"),
        ("who_spoke_by_name", "Phạm Thị Thanh Vân"),  # her full name, not only "bà Vân"
        ("cameras_per_province", "2.400 / 32"),  # each province's cameras: the other unit named
        ("share_of_the_one_named_again", "2.400 / (2.400 + 4.000) ≈ 37,5% (VNPT)"),  # VNPT's, named before "chiếm"
        ("each_visit_apart", "7 ngày"),  # three dates a week apart: each to the next, not the first to the last
        ("what_she_said", "30%"),  # every fact quoting her, the low-income share among them
        ("by_what_factor", "450 / 200 = 2.25 times"),
        ("camera_features_teencode", "live view"),  # "tính năng" is features, no province
        ("tag_question", "No. Viettel presented 178 remote healthcare consultation centres, worth VND 19 billion"),
        ("years_from_a_dated_side", "Từ 2013 đến 2020: 7 năm"),  # "năm 2013" dates one side, not both
        ("the_programme_of_a_year", "Viettel vì cộng đồng"),  # the programme, not how many programmes
        ("part_of_the_total", "27 / 178 = 15,2%"),  # "trên tổng số": of the 178 centres
        ("share_of_centres_in_english", "150 / 178 = 84.3%"),  # of centres, not the stated 10% of hospitals
        ("share_of_hospitals", "10%"),  # of hospitals: the share a fact states
        ("rounded_share", "Làm tròn: khoảng 31%"),  # 30,8% shown, rounded as asked
        ("rounded_to_places", "Làm tròn đến 2 chữ số thập phân: 4,69"),  # 150 / 32; "2" is no figure asked about
        ("rounded_ratio_in_english", "Rounded to 1 d.p.: 2.3"),  # 2.25, half up
        ("years_between_in_english", "From 2013 to 2020: 7 years"),  # "the 2013 programme": a year
        ("add_two_things_counted", "178 + 1.000 = 1.178"),  # "cộng [centres] với [facilities]": each one's whole
        ("adding_in_english", "178 + 1,000 = 1,178"),
        ("given_that", "200"),  # the closing background clause asks nothing ("most" included)
        ("before_the_guesses", "employees"),  # the question before the colon; the guesses after it aside
        ("ahead_of_the_deadline", "15 days"),  # "ahead of the deadline was": days early, no date asked
        ("whose_view", "người lính"),  # "của ai": whose, a group of people answers it
        ("whose_article", "Nguyễn Hương"),  # "bài viết ... là của ai?": its author
        ("share_unmarked", "30%"),  # "ti le" is a share, not "tỉ" (billion)
        ("iptv", "MyTV"),  # IPTV is television
        ("counting_both", "178 + 1,000 = 1,178"),
        ("add_those_two", "450 + 19 = VND 469 billion"),  # the last two answers' figures
        ("put_up_the_money", "employees"),  # who put up the money: the funder
    ],
)
def test_shares_rounding_sums_and_long_questions_as_people_ask_them(
    replies: dict[str, list[dict[str, Any]]], name: str, expected: str
) -> None:
    assert_answered_with(replies, name, expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("everyone_called", "200 tỷ"),  # "mọi người ơi" calls everyone: no "người" counted
        ("remark_on_the_asker", "200 tỷ"),  # "khách hỏi mà e quên mất" says why, no customers asked
        ("i_is_no_up_to", "15 ngày"),  # "tôi" is no "tới": no time between two events
        ("articles_said_as_many", "Lê Đăng Dũng"),  # "các bài báo": every article, not one
        ("patient_as_bn", "sổ tiết kiệm"),  # "bn" before an illness is a patient
        ("work_from_home", "dung lượng"),
        ("unit_overview_with_its_group_there", "MyTV"),  # what VNPT did in Nam Định, as the article says "VNPT"
        ("slip_in_a_name", "Không. Tổng đài viên ảo Cyber Bot của Viettel"),  # whose, though the name is misspelt
        ("where_data_is_kept", "Trung tâm dữ liệu"),
        ("paid_into", "450"),  # paid into the fund: given to it
        ("paid_into", "200"),
        ("placed", "27 are in city hospitals"),
        ("group_named_too", "50 million"),  # Viettel asked, Viettel Telecom only the speaker's company
        ("its_infrastructure", "10,000"),  # "its": VNPT, just talked about
        ("the_last_stop", "14 days"),  # "the last stop": of the visits just listed
        ("english_around_a_name", "programme in 3"),  # in English, though the programme's name is Vietnamese
    ],
)
def test_session_twelve_asker_remarks_teencode_and_a_unit_s_overview(
    replies: dict[str, list[dict[str, Any]]], name: str, expected: str
) -> None:
    assert_answered_with(replies, name, expected)


def test_where_the_place_an_answer_gives_is_not_stated(replies: dict[str, list[dict[str, Any]]]) -> None:
    # the data is kept in VNPT's data centres; where those are, no article says (not the cameras' 32 provinces)
    centres = said(replies, "where_the_data_centres_are")
    assert not centres["answered"] and "32" not in centres["text"], centres["text"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("subscribers_of_an_operator", "dung lượng"),  # "tb" before an operator: its subscribers (thuê bao)
        ("remote_is_no_from", "15 ngày"),  # "từ xa" is remote, and 1000 no year: no span between dates
        ("opening_about_the_asker", "450"),  # "For an essay I'm writing, ...": read past
        ("brothers_addressed", "200"),  # "... ae": the brothers asked, no word of the question
        ("start_of_a_month", "5 tháng"),  # "đến đầu tháng 11": the start of November, not "đến đâu" (where)
        ("post_held_at_an_event", "Le Dang Dung"),  # who held the post: the person its article names
        ("introduced_then_asked", "200"),  # an introduction before a comma, then ", and I'd like to know ..."
        ("only_one_counts_it", "32"),  # of VNPT's camera facts that fit better, none counts provinces
        ("city_hospitals_typed_short", "27"),  # "bv tp": city hospitals
        ("a_second_question_joined", "200"),  # "... and how much?" asks more of MobiFone: no follow-up of cameras
        ("an_abbreviation_no_company_has", "nghèo"),  # "CSR" names no company the articles leave out
        ("a_claim_seen", "No. MobiFone"),  # "I've seen reports that ...": the claim, checked
        ("added_on_top", "dung lượng"),  # "bù thêm": what the article says is "bổ sung" (added)
        ("he_on_the_group", "Le Dang Dung"),  # "he" said of "the group's ...": still the chairman just named
        ("a_count_checked_in_english", "Yes. Viettel presented 178"),  # checked against the fact that states 178
        ("that_contribution", "3/6"),  # "khoản đóng góp đó": the gift just given
        ("who_pays_broken_english", "employees"),  # "who pay": who paid
        ("the_two_amounts_added", "450 + 19 = 469"),  # "2 khoản": the two amounts just given, no figure 2
        ("staff_gave_how_much", "19"),  # "nv quyên góp bn": how much the staff gave, not how many staff
        ("a_filler_before_the_operator", "4.000"),  # "ờ" typed "o": the cameras counted, not the facilities
    ],
)
def test_session_thirteen_teencode_and_words_that_look_like_others(
    replies: dict[str, list[dict[str, Any]]], name: str, expected: str
) -> None:
    assert_answered_with(replies, name, expected)


def test_a_word_no_article_uses_is_not_corrected_into_one_they_do(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "masks" is no misspelt "mass", nor "citizens" "cities": no article speaks of masks handed out
    masks = said(replies, "a_word_spelt_right")
    assert not masks["answered"], masks["text"]


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        ("each_one_s_price", "4.000"),  # "mỗi cái": each camera, whose price no article gives
        ("more_in_a_later_year", "1.800"),  # 2023: no answer is of that year, so no difference of the two
        ("likened_with_a_word_between", "Sổ sức khỏe"),  # "như bên Viettel": Vietnamobile is asked about
        ("technicians", "2.400"),  # a count of people the cameras fact does not count
        ("paid_how", "450"),  # how it was paid: no article says
        ("each_year", "178"),  # a yearly cost: no article gives one
        ("a_count_no_fact_gives_checked", "300"),  # the gift of savings books states no number of them
        ("profit_in_money", "450"),  # "lãi bao nhiêu tiền": a profit, which no article gives
        ("provinces_by_name_typed_fast", "4.000"),  # "phía Bắc" is a region, no provinces by name
        ("cameras_of_one_that_has_none", "450"),  # cameras compared: not the two gifts to the fund
        ("account_number", "200"),  # the fund's account: no article gives one
        ("investment_amount", "10.000"),  # what VNPT invests: no article gives an amount
        ("an_age_checked", "58"),  # "58 tuổi": an age, which no article gives
        ("more_planned", "200"),  # a plan with no figure says no amount to come
        ("uncovered_compared_with_one", "2.400"),  # Gmobile is asked about; VNPT's figure is no answer
    ],
)
def test_what_no_article_states_is_declined_without_the_figure_nearby(
    replies: dict[str, list[dict[str, Any]]], name: str, figure: str
) -> None:
    assert_declined_without(replies, name, figure)


def test_operators_asked_for_as_a_list_are_each_named_with_their_gift(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    listed = said(replies, "operators_listed")
    assert listed["answered"] and "450" in listed["text"] and "200" in listed["text"], listed["text"]


def test_the_asker_s_operator_no_article_covers_stays_the_subject(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "nhà mạng của em" is the Gmobile of the sentence before: not every operator that gave
    mine = said(replies, "my_operator_uncovered")
    assert not mine["answered"] and "450" not in mine["text"] and "Gmobile" in mine["text"], mine["text"]


@pytest.mark.parametrize("name", ["nice_to_meet_you", "what_can_you_do_vi"])
def test_pleasantries_get_a_friendly_word_not_a_fact(replies: dict[str, list[dict[str, Any]]], name: str) -> None:
    reply = said(replies, name)
    assert not reply["answered"] and reply["kind"] == "smalltalk", reply


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("an_operator_in_the_epidemic", "2.400"),  # only the setting said: what VNPT did, its cameras first
        ("an_operator_during_the_pandemic", "200"),  # ... and in English: MobiFone's gift to the fund
        ("how_it_helped_fight_the_epidemic", "2.400"),  # how it helped, in general words: what VNPT did
        ("what_it_managed_typed_fast", "200"),  # ... as a list: its headline facts first
        ("an_operator_s_covid_contributions", "450"),  # not MobiFone's "Covid contribution" in all
        ("a_transfer_s_date", "3/6"),  # "chuyển khoản" says how it was paid, and the date is asked
        ("a_figure_glued_to_its_unit", "3/6"),  # "200ty": 200 tỷ
        ("a_full_name", "Quân đội"),  # the name the article gives in full
        ("one_gift_of_several", "áo khoác"),  # the jackets, not the savings books: each gift a unit of its own
        ("all_counted", "2.000"),  # "tính hết": all it gave
        ("whose_requirements", "Ban Chỉ đạo"),  # the body whose requirements the camera system meets
        ("where_she_works", "Viettel"),  # "làm ở đâu" of a person: for whom, which her title says
        ("have_to_pay", "miễn phí"),  # "phải trả tiền ... không?": whether it was free
        ("who_paid", "nhân viên"),  # "ai trả tiền": who paid, not whether it was free
        ("that_article_s_author", "Nguyễn Hương"),  # "bài báo ấy": the article of the answer just given
        ("what_she_said_in_short", "30%"),  # what the articles quote her saying: each fact of hers, the customers too
        ("which_telecom_companies", "MobiFone"),  # the operators, each with its gift
        ("a_share_of_the_total_described", "150 / 178"),  # "trong tổng số trung tâm": of the 178, not public hospitals
        ("times_the_other_side", "450 / 200"),  # "bên kia" after a comparison: its other side, no operator switch
        ("said_of_one_then_asked_of_another", "Đà Nẵng"),  # "A ..., còn B ...?": the question is B's
        ("which_gave_more_of_all", "450 − 200"),  # no two named: of those with a figure, which gave more
        ("which_of_the_list_gave_more", "450 − 200"),  # ... after a list of them
        ("the_biggest_donor", "450"),  # a donor described by the most it gave: which one, and how much
        ("given_by_the_operator", "178"),  # "do Viettel tặng": given by Viettel, not centres it owns
        ("what_it_is_doing_about", "2.400"),  # "what is VNPT doing about ...?": what it did, its cameras first
        ("a_feature_s_own_name", "live view"),  # the name the article gives the feature
    ],
)
def test_session_fourteen_what_users_type(replies: dict[str, list[dict[str, Any]]], name: str, expected: str) -> None:
    assert_answered_with(replies, name, expected)


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        ("which_software", "178"),  # a software's name, which no article gives
        ("more_per_facility_checked", "1.600"),  # each one's cameras per facility: Viettel's facilities unstated
        ("a_discount_s_percentage", "30%"),  # a percentage of a discount, which no article gives
        ("a_length_no_article_gives", "Meeting"),  # how long it was free, which the article does not say
        ("a_full_name_no_article_gives", "Quân đội"),  # VNPT's full name: no article gives it
        ("a_budget_per_camera", "4.000"),  # a budget, which no article gives
        ("the_deadline_s_date", "28"),  # a deadline's date: no article gives it (nor is the article's date it)
    ],
)
def test_session_fourteen_declines(replies: dict[str, list[dict[str, Any]]], name: str, figure: str) -> None:
    assert_declined_without(replies, name, figure)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("the_plan_on_the_subject", "10.000"),  # a vague "how many?" after VNPT's cameras: still of its cameras
        ("customer_care_shorthand", "VNPT Meeting"),  # "CSKH": customer care, no company the articles never name
        ("is_the_answer_free", "miễn phí"),  # a short yes/no after an answer: of that answer
        # "moi ... chuyên khoa nào": which specialities (mời), no average (mỗi)
        ("invited_typed_without_marks", "tim mạch"),
        # a check of what is done, of the facilities (15 days early): not of VNPT's cameras, whose target fits far
        # worse (and in English, as asked)
        ("a_done_check_with_no_target_near", "No. Viettel completed 1,000"),
        ("as_a_percent_of", "200 / 450"),  # "as a % of": one figure over the other, not a share of both
        ("those_operators_app_named", "NCOVI"),  # "mà mấy nhà mạng": those operators, a name asked (no count)
        ("apart_from_each_other", "4.000 − 2.400"),  # "hơn nhau": how far apart the two answers are
        ("another_subject_of_the_operator", "19 tỷ"),  # "còn trung tâm hội chẩn": the centres' fact, not the last
        ("a_formal_greeting_first", "450"),  # "Kính chào, ...": a greeting, then the question
        ("two_questions_joined_by_and", "4,000"),  # "... and how many ...?": each answered (450 first)
        ("two_questions_joined_by_va", "10.000"),  # "... và ... bao nhiêu ...?": the installed, then the capacity
        ("through_a_few_places", "điện toán biên"),  # "qua mấy khu": through a few places, no count asked
        ("a_terse_design_question", "edge computing"),  # "Design of ... camera system?": no count of cameras
        ("short_of_a_level", "10.000 − 2.400"),  # "còn cách mức 10.000": how far from that level
        ("an_average_over_the_operators", "(4,000 + 2,400) / 2"),  # "each" of two operators: their mean, no rate
        # "— how many?" last, in English: of the noun the question opens with, not the sites right before it
        ("asked_last_of_its_first_noun", "4,000"),
    ],
)
def test_session_fifteen_what_users_type(replies: dict[str, list[dict[str, Any]]], name: str, expected: str) -> None:
    assert_answered_with(replies, name, expected)


@pytest.mark.parametrize("name", ["a_good_day_wished", "good_health_wished"])
def test_wishes_are_small_talk(replies: dict[str, list[dict[str, Any]]], name: str) -> None:
    reply = said(replies, name)
    assert not reply["answered"] and reply["kind"] == "smalltalk", reply


def test_two_questions_joined_by_and_are_both_answered(replies: dict[str, list[dict[str, Any]]]) -> None:
    assert "450" in said(replies, "two_questions_joined_by_and")["text"]
    assert "2.400" in said(replies, "two_questions_joined_by_va")["text"]


def test_a_person_s_question_gets_no_one_else_s_fact(replies: dict[str, list[dict[str, Any]]]) -> None:
    # her rank, which no article gives: not Lê Đăng Dũng's (a major general), whose title the words fit
    reply = said(replies, "her_rank")["text"]
    assert "Lê Đăng Dũng" not in reply and "Thiếu tướng" not in reply, reply


@pytest.mark.parametrize("name", ["an_australian_greeting", "a_drawn_out_greeting"])  # "g'day", "ơiiii"
def test_greetings_as_typed_are_small_talk(replies: dict[str, list[dict[str, Any]]], name: str) -> None:
    assert said(replies, name)["kind"] == "smalltalk"


def test_where_the_asker_works_is_not_what_is_asked(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "Mình làm ở MobiFone, cho mình hỏi Viettel ...": Viettel's gift, not MobiFone's beside it
    reply = said(replies, "the_asker_s_workplace_first")
    assert reply["answered"] and "450" in reply["text"] and "200 tỷ" not in reply["text"], reply["text"]


def test_dozens_are_no_wish(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "mấy chục em": dozens of children ("chục" folds like "chúc", a wish), a question, not a greeting
    assert said(replies, "dozens_are_no_wish")["kind"] != "smalltalk"


def test_a_vague_amount_keeps_the_operator_talked_about(replies: dict[str, list[dict[str, Any]]]) -> None:
    # after Viettel's cameras, "how far will it expand?" is Viettel's, which no article gives: not VNPT's target
    assert_declined_without(replies, "the_plan_of_another_operator", "10.000")


def test_a_percent_sign_makes_no_question_vietnamese(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "%" is read as "phần trăm", but its marks are no sign the asker writes Vietnamese
    reply = said(replies, "a_percent_sign_in_english")
    assert reply["lang"] == "en" and "30%" in reply["text"], reply["text"]


def test_a_whole_worked_back_is_not_given_for_another_year(replies: dict[str, list[dict[str, Any]]]) -> None:
    # 150 centres are 10% of public hospitals in 2020: no count of 2022's is worked back from that
    assert_declined_without(replies, "a_whole_of_another_year", "1.500")


def test_the_names_of_those_things_are_asked_not_how_many(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "tên mấy bv đó": "mấy ... đó" is "those", a plural: the hospitals' names, which no article gives
    reply = said(replies, "the_names_of_those_hospitals")
    assert not reply["answered"] and "1.500" not in reply["text"], reply["text"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a_difference_abbreviated", "450 − 200"),  # "diff": a difference
        ("an_average_abbreviated", "(450 + 200) / 2"),  # "avg": an average
        ("a_share_abbreviated", "200 / 2,000"),  # "pct of": a share of the other figure
        ("outnumbered_by_how_many", "1,000 − 178"),  # "outnumber ... by how many": a difference
        ("an_amount_asked_by_the_noun", "450"),  # "... amount?": the amount asked
        ("a_count_asked_by_the_noun", "2,400"),  # "... count?": how many
        ("vinaphone_spelt_out", "dung lượng"),  # "vi na phôn": VinaPhone, spelt as said
        ("main_contributions", "2,000"),  # "key contributions": an overview, its whole among them (not the gift alone)
        ("the_need_it_meets", "làm việc từ xa"),  # "nhằm đáp ứng nhu cầu gì?": the purpose of the answer just given
        ("the_gap_between_the_two", "4,000 − 2,400"),  # "the two": the two answers talked about
        ("a_share_of_a_whole_named_first", "200 / (200 + 450)"),  # the whole named first, whose share after it
        ("ten_per_cent", "150 / 10%"),  # "per cent" as British English writes it: no "per" of an average
        ("the_value_of_what_is_named_after", "2,000"),  # money asked, of the programmes named after "value"
        # the 19 billion set aside ("ngoài ..."), "ạ" said politely: the fund's figure asked, no check of 19
        ("a_figure_set_aside_then_asked", "450 tỷ"),
        ("the_asker_s_company_named", "VNPT Meeting"),  # "nhà mạng em": the one the asker said they work at
        ("which_region_of_the_country", "Đà Nẵng"),  # "thuộc vùng nào của đất nước": where, in words of the country
        ("cameras_cover", "32"),  # "cover": where they are installed
        ("no_typed_hk", "miễn phí"),  # "hk": không
        ("a_solution_regarding", "Sổ sức khỏe điện tử"),  # "liên quan tới": the words after it say what about
        ("levels_listed_past_a_comma", "10%"),  # "tuyến tỉnh, huyện": one question, the share the article states
        ("where_the_asker_is", "150"),  # "Em ở Đà Nẵng": where the asker is, not a place the figure is asked of
        ("added_on_top_typed_cong_them", "dung lượng"),  # "cộng thêm": given on top
        ("a_whole_with_its_part", "200 tỷ"),  # how much for the fight: the fund's 200 billion, then 2,000 in all
        ("weeks_between_stated_dates", "2 tuần"),  # asked in weeks: given in both
        ("centres_of_a_value_stated", "178"),  # "bao nhiêu trung tâm": a count asked, though a value is named first
        ("far_is_no_kind_of_place", "32"),  # "..., xa nhất ...": "xa" (far) goes on no list of places
        ("two_things_counted_added_up", "1.000 + 178"),  # facilities, then centres, of one subject: each one's
        ("a_percentage_after_a_whole_and_its_part", "200 / 2,000"),  # "pct?": what share one answer is of the other
        ("who_made_the_named_service", "Không."),  # a named service made by another: no, and whose
        ("it_after_a_no_whose_it_is", "200.000"),  # after "no, it is Viettel's", "nó" is Viettel's Cyber Bot ...
        ("they_after_a_no_whose_it_is", "VNPT Meeting"),  # ... and "họ" still the operator asked about
        ("months_between_stated_months", "87"),  # the two months stated, each a fact's: counted between them
        ("days_between_stated_dates", "2,515"),  # Lai Châu's day to the centres' handover, as stated
        ("whose_money_built_them", "nhân viên"),  # "của viettel ai bỏ tiền": who paid, not whose ("của ai") centres
        ("the_asker_s_company_after_it_was_talked_about", "10.000"),  # "công ty em" after VNPT's cameras: VNPT
    ],
)
def test_session_sixteen_what_users_type(replies: dict[str, list[dict[str, Any]]], name: str, expected: str) -> None:
    assert_answered_with(replies, name, expected)


def test_a_unit_alone_after_an_answer_asks_how_many_of_it(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "tỉnh?" after VNPT's cameras: in how many provinces, of that answer (not every fact counting provinces)
    reply = said(replies, "a_unit_alone_after_an_answer")
    assert reply["answered"] and "32" in reply["text"] and "Viettel" not in reply["text"], reply["text"]


@pytest.mark.parametrize(
    "name",
    [
        "who_made_this_bot",
        "how_are_you_bot",
        "wishes_and_greetings",
        "a_real_person_or_a_bot",
        "what_one_can_ask",
        "thanks_and_done_with_the_story",
    ],
)
def test_what_is_said_to_the_bot_is_small_talk(replies: dict[str, list[dict[str, Any]]], name: str) -> None:
    assert said(replies, name)["kind"] == "smalltalk"


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        ("a_capital_expenditure", "4,000"),  # capex: a budget, which no article gives
        ("cases_consulted", "178"),  # consultations held, which no article counts (not the centres)
        # the asker's company, unnamed, likened to MobiFone: nothing the articles say (not MobiFone's figure)
        ("the_asker_s_company_likened", "200"),
        ("the_asker_s_company_alone", "450"),  # "công ty em", nothing before: unknown, no operator's figure
        ("the_asker_s_company_set_against", "450"),  # "còn công ty em": set against Viettel, not Viettel's
        ("where_the_asker_is_and_asks_of", "4.000"),  # Hà Nội asked of again: no article gives its figure
        ("a_month_and_a_day_stated", "14"),  # days from a month: not the days between two other dates
        ("the_hospitals_by_name", "150"),  # "the names of the ... hospitals": no article names them
        ("who_made_a_thing_unnamed", "200.000"),  # "tổng đài ảo", unnamed: not stated of VNPT, no Cyber Bot figure
    ],
)
def test_session_sixteen_declines(replies: dict[str, list[dict[str, Any]]], name: str, figure: str) -> None:
    assert_declined_without(replies, name, figure)


def test_specifically_when_with_nothing_before_asks_what_of(replies: dict[str, list[dict[str, Any]]]) -> None:
    assert said(replies, "specifically_when")["kind"] == "clarify"  # "cụ thể" is no word of a subject


def test_days_from_a_date_no_article_gives_are_not_counted(replies: dict[str, list[dict[str, Any]]]) -> None:
    # not the days between two other dates the articles give (Hà Giang's and Điện Biên's)
    reply = said(replies, "days_from_a_date_no_article_gives")
    assert not reply["answered"] and "14" not in reply["text"], reply["text"]


def test_an_overview_of_two_operators_gives_each_its_part(replies: dict[str, list[dict[str, Any]]]) -> None:
    # each one's facts in turn: not the four facts of the one whose words fit best
    reply = said(replies, "what_each_of_two_did")
    assert reply["answered"] and "450" in reply["text"] and "2.400" in reply["text"], reply["text"]


def test_a_percentage_alone_asks_of_what(replies: dict[str, list[dict[str, Any]]]) -> None:
    assert said(replies, "a_percentage_alone")["kind"] == "clarify"  # not a fact that gives some percentage


def test_the_asker_s_company_in_english_is_declined_in_english(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "my company", likened to Viettel: no article says which it is; named in English, not Viettel's figure
    reply = said(replies, "the_asker_s_company_in_english")
    assert not reply["answered"] and "your company" in reply["text"] and "450" not in reply["text"], reply["text"]


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        # "để hỏi về camera": what is asked is the number to call, said before "hỏi về", not the cameras
        ("a_hotline_to_ask_about_a_thing", "2.400"),
        ("what_was_paid_for_a_thing", "10,000"),  # "how much did VNPT pay": money, which no article gives
        ("how_to_download_an_app", "4 thành phần"),  # how to get it: no article gives the steps
        ("the_supplier_of_a_thing", "2,400"),  # who supplied it: no article names one
        ("a_year_s_profit", "billion"),  # a year's profit is a figure (not what the profit is used for)
        ("an_amount_before_a_date", "200"),  # "trước ngày 3/6": not what was given on that day
        # the request after it names no operator: still VNPT's chairman, whom no article quotes (not Lê Đăng Dũng)
        ("a_person_of_another_operator_then_his_name", "Dung"),
        ("which_district_typed_mo", "9/11"),  # "huyện mô": which district (Central Vietnamese), which none names
        ("a_sum_in_another_currency", "450"),  # an exchange rate, which no article gives (lexicon asked_when_named)
        ("the_speed_reached", "Mbps"),  # raised, but to what speed no article says
    ],
)
def test_session_seventeen_declines(replies: dict[str, list[dict[str, Any]]], name: str, figure: str) -> None:
    assert_declined_without(replies, name, figure)


@pytest.mark.parametrize(
    ("name", "company", "figure"),
    [
        ("a_name_never_used_before_a_deed", "Orbitel", "4.000"),
        ("a_name_never_used_before_a_deed_in_english", "Kestrel", "450"),
        # named first, then likened to Viettel: a company no article covers, not Viettel's 450 billion
        ("a_name_likened_to_an_operator", "Global", "450"),
    ],
)
def test_a_capitalised_name_no_article_uses_before_a_deed_is_a_company_not_covered(
    replies: dict[str, list[dict[str, Any]]], name: str, company: str, figure: str
) -> None:
    # "Orbitel lắp ...": no spelling corrects it, and it did what operators do: a company, named in the reply
    reply = said(replies, name)
    assert not reply["answered"] and company in reply["text"] and figure not in reply["text"], reply["text"]


def test_what_is_done_with_an_attribute_is_answered(replies: dict[str, list[dict[str, Any]]]) -> None:
    # the profit is the subject here, not a figure asked: the fact of what part of it goes to
    assert_answered_with(replies, "what_is_done_with_the_profit", "profit")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("compare_then_the_operation", "2.25 times"),  # "compare" asks no difference when a ratio is asked
        ("a_share_stated_of_people_named", "15 million"),  # the customers named are the people asked
        ("an_amount_on_a_day", "200"),  # "bao nhiêu ngày 3/6": "ngày" is the date's, no number of days asked
        ("a_particle_typed_day", "450"),  # "đấy" folds like "day": in Vietnamese a particle, no unit of time
        ("average_a_unit_per_another", "2,400 / 150"),  # "average cameras per facility": per facility
        # "cả hai": both cameras figures given in one reply (not the 150 sites they are on)
        ("both_of_two_answers_in_one_added_up", "2.400 + 4.000"),
        ("two_parts_named_then_their_difference", "150 − 27 = 123"),  # each answer's part named, not their 10%
        ("a_month_and_year_then_which_province", "Hà Giang"),  # "11/2013, tỉnh": a year, no count of provinces
        ("bn_typed_last_after_when", "16/11"),  # "ngày mấy bn": "bn" last is "bạn" (you), no amount asked
    ],
)
def test_session_seventeen_calculations(replies: dict[str, list[dict[str, Any]]], name: str, expected: str) -> None:
    assert_answered_with(replies, name, expected)


@pytest.mark.parametrize("name", ["a_part_then_another_thing_added_up", "the_two_things_added_up"])
def test_two_things_counted_add_up_as_wholes(replies: dict[str, list[dict[str, Any]]], name: str) -> None:
    # the centres' whole (178, of which 150 were asked first) and the 1,000 facilities: never a part and its whole
    reply = said(replies, name)
    assert reply["answered"] and "178 + 1.000 = 1.178" in reply["text"] and "150" not in reply["text"], reply["text"]


def test_what_each_did_is_no_average_and_a_fact_is_shown_once(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "each": what each unit did, not an average of cameras; the request after it repeats a fact, shown once
    reply = said(replies, "what_each_of_two_units_did_then_a_request")
    bullets = [line for line in reply["text"].splitlines() if line.startswith("•")]
    assert reply["answered"] and "VNPT Meeting" in reply["text"] and "average" not in reply["text"], reply["text"]
    assert len(bullets) == len(set(bullets)), reply["text"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a_body_likened_to_an_operator", "178"),  # "Bộ Y tế có ...": a body of words, no company named
        ("a_count_with_its_classifier_checked", "Đúng"),  # "178 cái trung tâm": a figure, the classifier before a thing
        ("compared_with_a_difference_named", "250"),  # "chênh lệch" named beside "so sánh": the difference is asked
        ("an_amount_according_to_an_article", "200"),  # "article" says where to look, not what the figure is of
    ],
)
def test_what_session_seventeen_s_rules_leave_alone(
    replies: dict[str, list[dict[str, Any]]], name: str, expected: str
) -> None:
    assert_answered_with(replies, name, expected)


def test_no_company_is_read_into_ordinary_words(replies: dict[str, list[dict[str, Any]]]) -> None:
    # an English plural noun opening a question is no company; the customers named are not the people asked
    assert "Volunteers" not in said(replies, "a_plural_noun_before_a_deed")["text"]
    assert_declined_without(replies, "people_of_the_customers_not_counted", "50 triệu")


def test_a_figure_checked_of_the_wrong_operator_is_told_whose_it_is(replies: dict[str, list[dict[str, Any]]]) -> None:
    # its words fit other Viettel facts better: the fact stating 178 is kept among the candidates all the same
    reply = said(replies, "a_figure_of_another_operator_checked_in_english")
    assert reply["answered"] and reply["text"].startswith("No (178 is Viettel's figure)"), reply["text"]


def test_a_figure_checked_after_an_answer_with_its_classifier_gets_no(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "24.000 chiếc": a figure stated (only "2 cái" points back at two answers), checked against the answer given
    reply = said(replies, "a_figure_with_its_classifier_checked_after_an_answer")
    assert reply["answered"] and reply["text"].startswith("Không.") and "2.400" in reply["text"], reply["text"]


def test_a_possessive_name_no_article_uses_is_a_company_not_covered(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "Telstra's donation": the possessive says whose the deed is; not the operators' figures for the fund
    reply = said(replies, "a_possessive_name_never_used")
    assert not reply["answered"] and "Telstra" in reply["text"] and "450" not in reply["text"], reply["text"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("added_up_with_lai_typed_with_its_marks", "200 + 450 = 650"),  # "lại" (again) is no "lãi" (profit)
        # which is more, named, and by how much, over the last two answers
        ("which_is_more_and_by_how_much_after_two_answers", "Viettel nhiều hơn"),
        ("a_computed_figure_checked", "Đúng. "),  # 7.600 was computed, stated by no fact
        ("a_computed_figure_checked_wrong", "Không. "),
        ("a_ratio_checked_with_decimals", "Yes. "),  # "2.3": one number, 2.25 rounded as typed (not 2 and 3)
        ("a_ratio_checked_rounded_too_far", "No. "),  # 2 is not 2.25 rounded
        ("a_ratio_checked_with_a_decimal_comma", "Đúng. "),  # a figure before "hả", a comparison named: checked
        ("more_by_a_figure_with_a_particle", "Viettel nhiều hơn"),  # who has more, though a figure is said before "hả"
        # a figure a fact states is checked against the facts, not against the difference just computed
        ("a_figure_the_answers_state_checked_after_a_calculation", "đã đóng góp 200 tỷ đồng"),
    ],
)
def test_session_eighteen_follow_ups(replies: dict[str, list[dict[str, Any]]], name: str, expected: str) -> None:
    reply = said(replies, name)
    assert reply["answered"] and expected in reply["text"], reply["text"]
    if name.startswith("a_computed_figure_checked"):
        assert "10.000 − 2.400 ≈ 7.600" in reply["text"], reply["text"]  # the calculation again


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        # the subject talked about (the fund), for VNPT, whose gift no article gives: not its Nam Định notices
        ("another_operator_and_the_subject_s_word", "subscribers"),
        ("disease_cases_consulted", "178"),  # "ca bệnh": cases, counted by no article (not the centres)
        ("headcount_of_a_thing_no_article_counts", "178"),  # "headcount of doctors": how many, which none says
        ("where_to_download_it", "NCOVI"),  # where to download it: no article says
        ("another_operator_asked_for_the_same", "kế hoạch"),  # "giống vậy": the same, MobiFone's; none is told of
    ],
)
def test_session_eighteen_declines(replies: dict[str, list[dict[str, Any]]], name: str, figure: str) -> None:
    assert_declined_without(replies, name, figure)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("who_gave_the_money_for_a_thing", "nhân viên"),  # "do ai đóng góp": who paid, the staff
        ("number_of_a_thing_counted", "2,400"),  # "No. of": how many
        ("months_between_asked_in_the_singular", "5 months"),  # "how many month": the months between, as "months"
        ("a_check_ending_or_not", "Da Nang"),  # "... or not?": a check, of the fact that names the place
        ("one_figure_minus_another", "10,000 − 2,400 ≈ 7,600"),  # "minus": a difference
        ("the_remainder_of_a_whole", "2,000 − 200 ≈ VND 1,800 billion"),  # what is left of the whole, past its part
        ("a_follow_up_opening_with_ua", "2.400"),  # "ủa" (huh?) says no more than "à"
        ("how_many_more_of_them", "4.000 − 2.400"),  # "bao nhiêu cái": how many, no "cài" (install) asked
        ("a_figure_with_cai_checked", "Không. "),  # "40.000 cái": its classifier counts, no "cài" (to install)
        ("which_ministry_received", "Bộ Y tế"),  # "bộ nào": which ministry, named (not what the centres may do)
        ("the_source_of_the_money_asked", "nhân viên"),  # who paid ("nguồn kinh phí"), not the article's name
        (
            "a_total_of_the_two_companies",
            "450 + 200 = VND 650 billion",
        ),  # the two companies: the operators talked about
        ("a_rollout_then_an_average_per_site", "2,400 / 150 ≈ 16"),  # a rollout is an installation; per site
    ],
)
def test_session_eighteen_answers(replies: dict[str, list[dict[str, Any]]], name: str, expected: str) -> None:
    assert_answered_with(replies, name, expected)


def test_a_check_of_nothing_asks_what_of_and_after_an_answer_gives_it_again(
    replies: dict[str, list[dict[str, Any]]],
) -> None:
    assert said(replies, "a_check_of_nothing_said")["kind"] == "clarify"  # a new chat: a check of what?
    answer = said(replies, "a_check_of_the_answer_just_given")  # the fact again, with its source
    assert answer["answered"] and "2.400" in answer["text"] and "Nguồn" in answer["text"], answer["text"]
    calculation = said(replies, "a_check_of_the_calculation_just_given")  # the calculation again
    assert calculation["answered"] and "450 − 200 = VND 250 billion" in calculation["text"], calculation["text"]


def test_voice_typing_s_spellings_and_numbers_in_words_are_read(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "vi tel" is Viettel and "bốn trăm năm mươi tỷ" its 450 billion; "vê en pê tê" is VNPT, which gave no centres
    assert said(replies, "a_figure_said_in_words_by_voice_typing")["text"].startswith("Đúng.")
    assert_declined_without(replies, "an_operator_spelt_by_voice_typing_asked_another_s_thing", "178")


def test_a_total_and_who_gave_more_are_two_calculations(replies: dict[str, list[dict[str, Any]]]) -> None:
    # each calculation answered (not only the comparison, nor who gave more and by how much, which is one)
    reply = said(replies, "a_total_and_who_gave_more")
    assert "450 + 200 = 650" in reply["text"] and "Viettel nhiều hơn" in reply["text"], reply["text"]
    assert_declined_without(replies, "a_company_no_article_covers_named_by_its_brand", "450")


def test_compared_with_another_operator_asks_the_same_of_it(replies: dict[str, list[dict[str, Any]]]) -> None:
    # "so với Viettel?" after VNPT's cameras: Viettel's cameras, the one fact (not an overview of Viettel)
    reply = said(replies, "compared_with_another_operator")
    assert reply["text"].startswith("Viettel đã lắp đặt") and "4.000" in reply["text"], reply["text"]


def test_a_statement_asked_by_its_question_mark_is_checked(replies: dict[str, list[dict[str, Any]]]) -> None:
    # a figure or a date with no asking word, only the question mark: checked, and whose the figure is told
    reply = said(replies, "a_figure_asked_by_its_question_mark_alone")
    assert reply["text"].startswith("Không") and "200 tỷ" in reply["text"], reply["text"]
    reply = said(replies, "a_date_asked_by_its_question_mark_alone")  # MobiFone's day was 3/6
    assert reply["text"].startswith("Không") and "3/6" in reply["text"], reply["text"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("thanks_after_a_nod", "You're welcome"),  # the thanks, not the "ok" before it
        ("which_languages_it_speaks", "Tôi là bot hỏi đáp"),  # what the bot can do
    ],
)
def test_session_nineteen_small_talk(replies: dict[str, list[dict[str, Any]]], name: str, expected: str) -> None:
    reply = said(replies, name)
    assert reply["kind"] == "smalltalk" and expected in reply["text"], reply


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("provinces_the_programme_had", "3 tỉnh"),  # the programme has the provinces, not Viettel; "ctr": chương trình
        ("a_question_after_thanks_for_someone", "Nguyễn Hương"),  # whom the thanks are for is not asked
        ("a_greeting_saying_how_long_the_asker_lived_there", "5 đơn vị"),  # "bảy mươi năm": 70 years, no 75
        ("facilities_monitored_by_cameras", "150"),
    ],
)
def test_session_nineteen_answers(replies: dict[str, list[dict[str, Any]]], name: str, expected: str) -> None:
    assert_answered_with(replies, name, expected)


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        ("a_year_in_brackets_after_now", "50 triệu"),  # "hiện nay (2025)": a year the 2013 figure is not of
        ("where_to_download_typed_in_english_words", "NCOVI"),
        ("the_other_side_of_an_opposite_counted", "1.500"),  # private hospitals: not worked back from public ones
    ],
)
def test_session_nineteen_declines(replies: dict[str, list[dict[str, Any]]], name: str, figure: str) -> None:
    assert_declined_without(replies, name, figure)
