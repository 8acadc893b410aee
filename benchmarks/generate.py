#!/usr/bin/env python3
"""Synthetic catalog generator for Banshi's benchmarks.

Writes a complete catalog root (format v1: catalog/ and rules/) of any size, valid under
``banshi validate ROOT --strict`` (0 errors, 0 warnings), deterministic for a given seed; with
``--warnings``, valid with thousands of warnings at province size (each county leaves out one
item in ten it exercises: ``coverage.exercise``; the policy asks promised limits of at most 40%
of the legal ones: ``time.promised-ratio``), as a catalog on its way to 应进全进 has:

    python benchmarks/generate.py OUT --size province
    python benchmarks/generate.py OUT --items 20 --cities 1 --counties-per-city 2 \\
        --townships-per-county 2 --villages-per-township 2 \\
        --share county=1.0,township=0.6,village=0.4 --seed 1

Regions: one province 410000, C cities 41xx00, K counties per city 41xxyy, T townships per
county (county code + 3 digits), V villages per township (township code + 3 digits).

Items are drawn round-robin from realistic templates of six sectors. Most are exercised and
decided at county level and accepted at county and township; some are exercised at city or
province. Implementation lists:

  county    办理 by the county agency of the item's sector (share ``county`` of the items
            exercised at county);
  township  受理转报 by the township 便民服务中心, forwarded to that county agency (share
            ``township`` of the items the county handles and whose levels.accept include
            township);
  village   代办 by the village 便民服务站, taken to the township centre (share ``village`` of
            the items the township lists that have a proxy: true handling item), one entry
            per handling code so that proxy: false handling items are never proxied;
  city/province  办理 of the items exercised there (shares ``city`` and ``province``, default 1).

A share is the fraction of the items eligible at that level that each region implements;
each region draws its own sample, so neighbouring townships list different items.

Codes: ``--codes digits`` (default) writes §2's 12- and 14-digit codes (``000131001000``);
``--codes letters`` a province's letter codes (``410M3100100000``: the province's prefix, a
letter for the sector, then digits; handling codes add two digits) with the scheme declared in
catalog.yaml ``codes``: the same catalog otherwise, so that the two validate the same work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import re
import sys
import time
from pathlib import Path

import yaml

# ──────────────────────────────────────────────────────────────────────────────────────────
# YAML output: codes and phone numbers always double-quoted, dates plain ISO, flow style for
# the small mappings (regions, entries, materials, steps) that read best on one line.

_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Dumper(_BaseDumper):
    def ignore_aliases(self, data):  # shared `when` mappings are written out, never as &anchors
        return True


class Flow(dict):
    """A mapping written in flow style: {a: 1, b: 2}."""


class FlowList(list):
    """A sequence written in flow style: [a, b]."""


_QUOTED = frozenset("0123456789-.")
_LETTER_CODE = re.compile(r"410[A-Z][0-9]{10}(?:[0-9]{2})?")


def _represent_str(dumper, text):
    # Digit-only strings are codes; digits with hyphens or dots are phone numbers or versions.
    # Quote them with double quotes so no YAML reader ever turns them into numbers. Letter
    # codes are quoted too, as the format writes every code (and as a digit code is written,
    # so that --codes letters reads the same YAML as digits but for the codes' characters).
    if text and (all(c in _QUOTED for c in text) or _LETTER_CODE.fullmatch(text)):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    return dumper.represent_str(text)


Dumper.add_representer(str, _represent_str)
Dumper.add_representer(
    Flow,
    lambda d, m: d.represent_mapping("tag:yaml.org,2002:map", list(m.items()), flow_style=True),
)
Dumper.add_representer(
    FlowList, lambda d, s: d.represent_sequence("tag:yaml.org,2002:seq", list(s), flow_style=True)
)


def dump(data) -> str:
    return yaml.dump(
        data,
        Dumper=Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=4096,
        default_flow_style=False,
    )


# ──────────────────────────────────────────────────────────────────────────────────────────
# Sectors, situation questions, the material library.

# --codes letters: catalog.yaml's scheme, and each sector's letter.
LETTER_CODES = {"item": "^410[A-Z][0-9]{10}$", "handling": "^410[A-Z][0-9]{12}$"}
SECTOR_LETTERS = {"31": "M", "32": "R", "22": "C", "73": "L", "75": "H", "55": "A"}
SECTORS = {  # sector → (department id key, sector digits of the item code, window name)
    "市场监管": ("market", "31", "市场监管综合窗口"),
    "人力资源社会保障": ("hrss", "32", "人社综合窗口"),
    "民政": ("civil", "22", "民政综合窗口"),
    "自然资源": ("land", "73", "不动产登记窗口"),
    "住房城乡建设": ("housing", "75", "工程建设项目审批窗口"),
    "农业农村": ("agri", "55", "农业农村综合窗口"),
}
AGENCY_NAMES = {  # level → sector → agency name suffix
    "province": {
        "市场监管": "市场监督管理局",
        "人力资源社会保障": "人力资源和社会保障厅",
        "民政": "民政厅",
        "自然资源": "自然资源厅",
        "住房城乡建设": "住房和城乡建设厅",
        "农业农村": "农业农村厅",
    },
    "city": {
        "市场监管": "市场监督管理局",
        "人力资源社会保障": "人力资源和社会保障局",
        "民政": "民政局",
        "自然资源": "自然资源和规划局",
        "住房城乡建设": "住房和城乡建设局",
        "农业农村": "农业农村局",
    },
    "county": {
        "市场监管": "市场监督管理局",
        "人力资源社会保障": "人力资源和社会保障局",
        "民政": "民政局",
        "自然资源": "自然资源局",
        "住房城乡建设": "住房和城乡建设局",
        "农业农村": "农业农村局",
    },
}

QUESTIONS = [
    {
        "id": "entrusted",
        "text": "是否委托他人代为办理？",
        "type": "boolean",
        "help": "委托他人（含村便民服务站代办员）办理的，须提交授权委托书和受托人身份证件",
    },
    {
        "id": "applicant_type",
        "text": "申请人类型",
        "type": "choice",
        "options": ["自然人", "法人", "其他组织"],
    },
    {
        "id": "premises_owned",
        "text": "经营场所是否为自有房屋？",
        "type": "boolean",
        "help": "租赁、借用他人房屋的选“否”",
    },
    {"id": "is_married", "text": "申请人是否已婚？", "type": "boolean"},
    {
        "id": "has_disability_certificate",
        "text": "家庭成员中是否有持残疾人证的人员？",
        "type": "boolean",
    },
    {
        "id": "has_major_illness",
        "text": "家庭成员中是否有患重特大疾病、医疗支出较大的人员？",
        "type": "boolean",
    },
    {
        "id": "household_type",
        "text": "申请人户籍类型",
        "type": "choice",
        "options": ["农村居民", "城镇居民"],
    },
    {
        "id": "land_supply",
        "text": "国有建设用地供应方式",
        "type": "choice",
        "options": ["出让", "划拨"],
    },
    {
        "id": "project_use",
        "text": "建设工程的主要用途",
        "type": "choice",
        "options": ["住宅", "公共建筑", "工业厂房", "市政基础设施"],
    },
    {"id": "has_mortgage", "text": "不动产是否设有抵押？", "type": "boolean"},
    {
        "id": "is_first_application",
        "text": "是否首次申请？",
        "type": "boolean",
        "help": "此前已取得过同类证照或补贴的选“否”",
    },
]

# id, name, category, source, issuer, e_license, requirements
_GOV = "政府部门核发"
_OWN = "申请人自备"
_AGENT = "中介机构出具"
MATERIALS = [
    # 通用
    ("resident_id_card", "居民身份证", "证照", _GOV, "公安机关", True, None),
    ("household_register", "居民户口簿", "证照", _GOV, "公安机关", True, None),
    (
        "power_of_attorney",
        "授权委托书",
        "其他",
        _OWN,
        None,
        None,
        "委托人签字（盖章），写明委托事项和权限",
    ),
    ("agent_id_card", "受托人居民身份证", "证照", _GOV, "公安机关", True, None),
    ("business_license", "营业执照", "证照", _GOV, "市场监督管理部门", True, None),
    ("legal_rep_certificate", "法定代表人身份证明书", "证明", _OWN, None, None, "加盖单位公章"),
    ("marriage_certificate", "结婚证", "证照", _GOV, "民政部门", True, None),
    ("social_security_card", "社会保障卡", "证照", _GOV, "人力资源社会保障部门", True, None),
    ("id_photo", "近期一寸免冠彩色照片", "其他", _OWN, None, None, "白色背景，两张"),
    ("credit_commitment", "信用承诺书", "申请表", _OWN, None, None, "申请人签字（盖章）"),
    # 市场监管
    (
        "individual_business_application",
        "个体工商户登记（备案）申请书",
        "申请表",
        _OWN,
        None,
        None,
        "经营者本人签字",
    ),
    (
        "company_registration_application",
        "公司登记（备案）申请书",
        "申请表",
        _OWN,
        None,
        None,
        "法定代表人签字并加盖公章",
    ),
    ("company_articles", "公司章程", "其他", _OWN, None, None, "全体股东签字（盖章）"),
    ("premises_proof", "住所（经营场所）使用证明", "证明", _OWN, None, None, None),
    ("lease_contract", "房屋租赁合同", "合同协议", _OWN, None, None, "租赁期限一年以上"),
    (
        "food_business_application",
        "食品经营许可申请书",
        "申请表",
        _OWN,
        None,
        None,
        "法定代表人（负责人、经营者）签字",
    ),
    ("food_safety_rules", "食品安全管理制度文本", "其他", _OWN, None, None, None),
    ("food_layout_plan", "经营场所平面布局图", "其他", _OWN, None, None, "标明设备布局和操作流程"),
    ("food_business_license", "食品经营许可证", "证照", _GOV, "市场监督管理部门", True, None),
    (
        "workshop_registration_form",
        "食品生产加工小作坊登记申请表",
        "申请表",
        _OWN,
        None,
        None,
        None,
    ),
    (
        "workshop_registration_certificate",
        "食品生产加工小作坊登记证",
        "证照",
        _GOV,
        "市场监督管理部门",
        True,
        None,
    ),
    (
        "special_equipment_form",
        "特种设备使用登记表",
        "申请表",
        _OWN,
        None,
        None,
        "一式两份，使用单位加盖公章",
    ),
    (
        "equipment_product_certificate",
        "特种设备产品合格证",
        "证明",
        "其他",
        "特种设备制造单位",
        None,
        None,
    ),
    (
        "equipment_inspection_report",
        "特种设备监督检验证明",
        "证明",
        _AGENT,
        "特种设备检验机构",
        None,
        None,
    ),
    (
        "special_equipment_certificate",
        "特种设备使用登记证",
        "证照",
        _GOV,
        "市场监督管理部门",
        True,
        None,
    ),
    (
        "individual_business_license",
        "个体工商户营业执照",
        "证照",
        _GOV,
        "市场监督管理部门",
        True,
        None,
    ),
    # 人力资源社会保障
    ("employment_card_form", "就业创业证申领登记表", "申请表", _OWN, None, None, None),
    ("employment_card", "就业创业证", "证照", _GOV, "人力资源社会保障部门", True, None),
    (
        "pension_enrollment_form",
        "城乡居民基本养老保险参保登记表",
        "申请表",
        _OWN,
        None,
        None,
        "参保人本人签字或按指印",
    ),
    (
        "pension_benefit_form",
        "城乡居民基本养老保险待遇领取申请表",
        "申请表",
        _OWN,
        None,
        None,
        None,
    ),
    ("unemployment_registration_form", "失业登记表", "申请表", _OWN, None, None, None),
    (
        "termination_certificate",
        "解除（终止）劳动合同证明书",
        "证明",
        "其他",
        "原用人单位",
        None,
        None,
    ),
    (
        "vocational_certificate",
        "职业技能等级证书",
        "证照",
        _GOV,
        "职业技能等级认定机构",
        True,
        None,
    ),
    ("training_subsidy_form", "职业培训补贴申请表", "申请表", _OWN, None, None, None),
    (
        "hr_service_application",
        "人力资源服务许可申请书",
        "申请表",
        _OWN,
        None,
        None,
        "加盖单位公章",
    ),
    ("hr_staff_qualification", "专职工作人员学历证书", "证照", _GOV, "教育部门", True, None),
    ("hr_service_license", "人力资源服务许可证", "证照", _GOV, "人力资源社会保障部门", True, None),
    ("sscard_application_form", "社会保障卡申领登记表", "申请表", _OWN, None, None, None),
    # 民政
    (
        "subsistence_application",
        "最低生活保障申请书",
        "申请表",
        _OWN,
        None,
        None,
        "申请人签字或按指印",
    ),
    (
        "family_income_authorization",
        "家庭经济状况核对授权书",
        "申请表",
        _OWN,
        None,
        None,
        "共同生活的家庭成员逐一签字",
    ),
    ("disability_certificate", "残疾人证", "证照", _GOV, "残疾人联合会", True, None),
    (
        "disability_subsidy_form",
        "困难残疾人生活补贴和重度残疾人护理补贴申请审批表",
        "申请表",
        _OWN,
        None,
        None,
        None,
    ),
    ("medical_expense_receipts", "医疗费用票据", "证明", "其他", "医疗机构", None, None),
    (
        "diagnosis_certificate",
        "二级以上医疗机构诊断证明书",
        "证明",
        "其他",
        "二级以上医疗机构",
        None,
        None,
    ),
    ("elderly_allowance_form", "高龄津贴申请表", "申请表", _OWN, None, None, None),
    ("temporary_assistance_form", "临时救助申请审批表", "申请表", _OWN, None, None, None),
    ("death_certificate", "居民死亡医学证明（推断）书", "证明", _GOV, "医疗卫生机构", True, None),
    ("cremation_certificate", "火化证明", "证明", "其他", "殡仪馆", None, None),
    ("social_org_application", "社会团体成立登记申请书", "申请表", _OWN, None, None, "发起人签字"),
    ("social_org_articles", "社会团体章程草案", "其他", _OWN, None, None, None),
    ("capital_verification_report", "验资报告", "证明", _AGENT, "会计师事务所", None, None),
    # 自然资源
    (
        "real_estate_application",
        "不动产登记申请书",
        "申请表",
        _OWN,
        None,
        None,
        "全体申请人签字（盖章）",
    ),
    ("real_estate_certificate", "不动产权证书", "证照", _GOV, "不动产登记机构", True, None),
    ("sale_contract", "不动产买卖合同", "合同协议", _OWN, None, None, None),
    ("mortgage_contract", "抵押合同及主债权合同", "合同协议", _OWN, None, None, None),
    ("mortgage_release_proof", "抵押权人同意注销的证明", "证明", "其他", "抵押权人", None, None),
    ("tax_payment_certificate", "完税凭证", "证明", _GOV, "税务机关", True, None),
    (
        "homestead_no_dispute_proof",
        "宅基地和房屋权属无争议证明",
        "证明",
        "其他",
        "村民委员会",
        None,
        None,
    ),
    ("cadastral_survey_report", "不动产权籍调查报告", "其他", _AGENT, "不动产测绘机构", None, None),
    (
        "land_planning_form",
        "建设用地规划许可申请表",
        "申请表",
        _OWN,
        None,
        None,
        "加盖建设单位公章",
    ),
    (
        "construction_planning_form",
        "建设工程规划许可申请表",
        "申请表",
        _OWN,
        None,
        None,
        "加盖建设单位公章",
    ),
    ("planning_verification_form", "建设工程规划条件核实申请表", "申请表", _OWN, None, None, None),
    ("land_transfer_contract", "国有建设用地使用权出让合同", "合同协议", _OWN, None, None, None),
    (
        "land_allocation_decision",
        "国有土地划拨决定书",
        "证明",
        _GOV,
        "自然资源主管部门",
        None,
        None,
    ),
    ("design_scheme", "建设工程设计方案总平面图", "其他", _AGENT, "设计单位", None, None),
    (
        "completion_survey_report",
        "建设工程竣工规划测量成果报告",
        "其他",
        _AGENT,
        "测绘单位",
        None,
        None,
    ),
    (
        "land_use_planning_permit",
        "建设用地规划许可证",
        "证照",
        _GOV,
        "自然资源主管部门",
        True,
        None,
    ),
    (
        "construction_planning_permit",
        "建设工程规划许可证",
        "证照",
        _GOV,
        "自然资源主管部门",
        True,
        None,
    ),
    (
        "planning_verification_opinion",
        "建设工程规划条件核实意见书",
        "证照",
        _GOV,
        "自然资源主管部门",
        True,
        None,
    ),
    ("rural_planning_form", "乡村建设规划许可申请表", "申请表", _OWN, None, None, None),
    (
        "rural_construction_permit",
        "乡村建设规划许可证",
        "证照",
        _GOV,
        "自然资源主管部门",
        True,
        None,
    ),
    # 住房城乡建设
    (
        "construction_permit_form",
        "建筑工程施工许可申请表",
        "申请表",
        _OWN,
        None,
        None,
        "加盖建设单位公章",
    ),
    ("construction_contract", "建设工程施工合同", "合同协议", _OWN, None, None, None),
    (
        "funding_commitment",
        "建设资金已经落实承诺书",
        "申请表",
        _OWN,
        None,
        None,
        "法定代表人签字并加盖公章",
    ),
    ("construction_permit", "建筑工程施工许可证", "证照", _GOV, "住房城乡建设主管部门", True, None),
    ("permit_extension_form", "建筑工程施工许可证延期申请表", "申请表", _OWN, None, None, None),
    (
        "completion_acceptance_report",
        "工程竣工验收报告",
        "其他",
        _OWN,
        None,
        None,
        "建设、勘察、设计、施工、监理单位签署意见",
    ),
    (
        "completion_filing_form",
        "房屋建筑和市政基础设施工程竣工验收备案表",
        "申请表",
        _OWN,
        None,
        None,
        None,
    ),
    (
        "completion_filing_certificate",
        "工程竣工验收备案证明书",
        "证照",
        _GOV,
        "住房城乡建设主管部门",
        True,
        None,
    ),
    ("dangerous_house_form", "农村危房改造申请表", "申请表", _OWN, None, None, "户主签字或按指印"),
    (
        "house_safety_appraisal",
        "房屋安全性鉴定报告",
        "证明",
        _AGENT,
        "房屋安全鉴定机构",
        None,
        None,
    ),
    ("public_rental_form", "公共租赁住房申请表", "申请表", _OWN, None, None, "共同申请人逐一签字"),
    ("presale_application", "商品房预售许可申请表", "申请表", _OWN, None, None, None),
    ("presale_fund_agreement", "商品房预售资金监管协议", "合同协议", _OWN, None, None, None),
    ("presale_permit", "商品房预售许可证", "证照", _GOV, "住房城乡建设主管部门", True, None),
    ("property_service_contract", "前期物业服务合同", "合同协议", _OWN, None, None, None),
    # 农业农村
    (
        "farm_machinery_subsidy_form",
        "农机购置与应用补贴申请表",
        "申请表",
        _OWN,
        None,
        None,
        "购机者签字或按指印",
    ),
    ("machinery_invoice", "农机购置发票", "证明", "其他", "农机销售企业", None, None),
    (
        "machinery_nameplate_photo",
        "农机具铭牌照片",
        "其他",
        _OWN,
        None,
        None,
        "人机合影，铭牌清晰可辨",
    ),
    ("land_contract_certificate", "农村土地承包经营权证", "证照", _GOV, "县级人民政府", True, None),
    ("pesticide_business_form", "农药经营许可证申请表", "申请表", _OWN, None, None, None),
    (
        "pesticide_staff_certificate",
        "农药经营人员专业培训合格证明",
        "证明",
        "其他",
        "农业技术培训机构",
        None,
        None,
    ),
    ("pesticide_business_license", "农药经营许可证", "证照", _GOV, "农业农村主管部门", True, None),
    ("animal_epidemic_form", "动物防疫条件审查申请表", "申请表", _OWN, None, None, None),
    ("site_layout_plan", "场所地理位置图和布局平面图", "其他", _OWN, None, None, None),
    (
        "animal_epidemic_certificate",
        "动物防疫条件合格证",
        "证照",
        _GOV,
        "农业农村主管部门",
        True,
        None,
    ),
    ("seed_business_form", "农作物种子生产经营许可证申请表", "申请表", _OWN, None, None, None),
    ("seed_facility_proof", "种子检验、仓储设施的产权或租赁证明", "证明", _OWN, None, None, None),
    (
        "seed_business_license",
        "农作物种子生产经营许可证",
        "证照",
        _GOV,
        "农业农村主管部门",
        True,
        None,
    ),
    (
        "homestead_application",
        "农村宅基地和建房（规划许可）申请表",
        "申请表",
        _OWN,
        None,
        None,
        "户主签字",
    ),
    ("village_meeting_record", "村民小组会议讨论通过记录", "证明", "其他", "村民小组", None, None),
    ("subsidy_bank_account", "惠农补贴“一卡通”账户信息", "其他", _OWN, None, None, None),
]
# Materials with a blank form (空白表格) besides every 申请表.
_WITH_FORM = {
    "power_of_attorney",
    "premises_proof",
    "homestead_no_dispute_proof",
    "legal_rep_certificate",
}

# ──────────────────────────────────────────────────────────────────────────────────────────
# Item templates.

ENTRUSTED = {"entrusted": True}
LEGAL_PERSON = {"applicant_type": ["法人", "其他组织"]}
NATURAL_PERSON = {"applicant_type": "自然人"}
LEASED = {"premises_owned": False}
MARRIED = {"is_married": True}
RURAL = {"household_type": "农村居民"}
NOT_FIRST = {"is_first_application": False}


def M(material, form="原件", copies=1, when=None, defer=None, note=None):
    return (material, form, copies, when, defer, note)


def H(
    name,
    kind,
    legal,
    mats,
    results=(),
    online="网上预审",
    proxy=True,
    unit="工作日",
    fees=(),
    special=(),
    delivery=("窗口领取", "邮寄送达"),
):
    return {
        "name": name,
        "kind": kind,
        "legal": legal,
        "mats": mats,
        "results": list(results),
        "online": online,
        "proxy": proxy,
        "unit": unit,
        "fees": list(fees),
        "special": list(special),
        "delivery": list(delivery),
    }


def T(sector, name, type_, objects, basis, conditions, handling, scope="county+township"):
    return {
        "sector": sector,
        "name": name,
        "type": type_,
        "objects": objects,
        "basis": basis,
        "conditions": conditions,
        "handling": handling,
        "scope": scope,
    }


_ID = M("resident_id_card", note="窗口核验后退还")
_LICENSE_IF_LEGAL = M("business_license", "复印件", when=LEGAL_PERSON)
_LEGAL_REP = M("legal_rep_certificate", when=LEGAL_PERSON)
_REG_FEE = {"name": "不动产登记费", "amount": 80, "unit": "件", "basis": "发改价格规〔2016〕2559号"}
_CERT_FEE = {"name": "不动产权证书工本费", "amount": 10, "unit": "本", "basis": "财税〔2016〕79号"}
_PUBLICITY = {"name": "公示", "days": 7, "counted": False, "basis": "社会救助暂行办法 第十一条"}
_SITE_CHECK = {"name": "现场核查", "days": 5, "counted": False, "basis": "行政许可法 第四十五条"}
_EXPERT = {"name": "专家评审", "days": 10, "counted": False, "basis": "行政许可法 第四十五条"}

TEMPLATES = [
    # ── 市场监管 ─────────────────────────────────────────────────────────────────────────
    T(
        "市场监管",
        "个体工商户登记注册",
        "行政许可",
        ["自然人"],
        [
            ("设定依据", "促进个体工商户发展条例", None),
            ("实施依据", "市场主体登记管理条例实施细则", "第十五条"),
        ],
        ["有经营能力的公民", "经营范围不属于法律、行政法规禁止进入的行业"],
        [
            H(
                "个体工商户设立登记",
                "即办件",
                3,
                [
                    M("individual_business_application"),
                    _ID,
                    M("premises_proof", "复印件", defer=5),
                    M("lease_contract", "复印件", when=LEASED),
                ],
                ["individual_business_license"],
                online="全程网办",
            ),
            H(
                "个体工商户变更登记",
                "即办件",
                3,
                [M("individual_business_application"), M("individual_business_license"), _ID],
                ["individual_business_license"],
                online="全程网办",
            ),
            H(
                "个体工商户注销登记",
                "即办件",
                3,
                [M("individual_business_application"), M("individual_business_license")],
                online="全程网办",
            ),
        ],
    ),
    T(
        "市场监管",
        "食品经营许可",
        "行政许可",
        ["自然人", "法人", "其他组织"],
        [
            ("设定依据", "中华人民共和国食品安全法", "第三十五条"),
            ("实施依据", "食品经营许可和备案管理办法", None),
        ],
        ["具有与经营的食品品种、数量相适应的经营场所", "有专职或者兼职的食品安全管理人员"],
        [
            H(
                "食品经营许可证核发（新办）",
                "承诺件",
                10,
                [
                    M("food_business_application"),
                    _ID,
                    M("business_license", "复印件"),
                    M("food_safety_rules"),
                    M("food_layout_plan", defer=5),
                    _LEGAL_REP,
                ],
                ["food_business_license"],
                special=[_SITE_CHECK],
            ),
            H(
                "食品经营许可证变更",
                "承诺件",
                10,
                [
                    M("food_business_application"),
                    M("food_business_license"),
                    M("food_layout_plan", when={"premises_owned": [True, False]}),
                ],
                ["food_business_license"],
            ),
            H(
                "食品经营许可证注销",
                "即办件",
                10,
                [M("food_business_application"), M("food_business_license")],
                online="全程网办",
            ),
        ],
    ),
    T(
        "市场监管",
        "特种设备使用登记",
        "行政许可",
        ["法人", "其他组织"],
        [
            ("设定依据", "中华人民共和国特种设备安全法", "第三十三条"),
            ("实施依据", "特种设备使用管理规则", None),
        ],
        ["特种设备已经监督检验合格"],
        [
            H(
                "特种设备使用登记（按台套办理）",
                "即办件",
                15,
                [
                    M("special_equipment_form", copies=2),
                    M("equipment_product_certificate", "复印件"),
                    M("equipment_inspection_report", "复印件"),
                    M("business_license", "复印件"),
                ],
                ["special_equipment_certificate"],
            ),
            H(
                "特种设备使用登记变更",
                "承诺件",
                15,
                [
                    M("special_equipment_form", copies=2),
                    M("special_equipment_certificate"),
                    M("equipment_inspection_report", "复印件"),
                ],
                ["special_equipment_certificate"],
            ),
        ],
        scope="county",
    ),
    T(
        "市场监管",
        "公司登记注册",
        "行政许可",
        ["法人"],
        [
            ("设定依据", "中华人民共和国公司法", "第二十九条"),
            ("实施依据", "中华人民共和国市场主体登记管理条例", "第十六条"),
        ],
        ["公司名称、住所、注册资本等符合法律规定"],
        [
            H(
                "有限责任公司设立登记",
                "承诺件",
                15,
                [
                    M("company_registration_application"),
                    M("company_articles"),
                    M("legal_rep_certificate"),
                    M("premises_proof", "复印件", defer=5),
                    M("lease_contract", "复印件", when=LEASED),
                ],
                ["business_license"],
                online="全程网办",
                delivery=("窗口领取", "邮寄送达", "电子送达"),
            ),
            H(
                "公司变更登记",
                "承诺件",
                15,
                [
                    M("company_registration_application"),
                    M("business_license"),
                    M("company_articles", when={"not": {"is_first_application": True}}),
                ],
                ["business_license"],
                online="全程网办",
            ),
            H(
                "公司注销登记",
                "即办件",
                15,
                [M("company_registration_application"), M("business_license")],
                online="全程网办",
            ),
        ],
    ),
    T(
        "市场监管",
        "食品生产加工小作坊登记",
        "行政许可",
        ["自然人", "其他组织"],
        [("设定依据", "示例省食品小作坊、小经营店和小摊点管理条例", "第十条")],
        ["有固定的生产加工场所", "从业人员持有有效健康证明"],
        [
            H(
                "食品生产加工小作坊登记证核发",
                "承诺件",
                15,
                [
                    M("workshop_registration_form"),
                    _ID,
                    M("premises_proof", "复印件"),
                    M("food_layout_plan"),
                ],
                ["workshop_registration_certificate"],
                special=[_SITE_CHECK],
            )
        ],
    ),
    T(
        "市场监管",
        "个体工商户年度报告信息公示辅导",
        "公共服务",
        ["自然人"],
        [("设定依据", "促进个体工商户发展条例", "第二十八条")],
        ["已登记的个体工商户"],
        [
            H(
                "个体工商户年度报告填报辅导",
                "即办件",
                0,
                [M("individual_business_license", "复印件")],
                online="全程网办",
                delivery=("电子送达",),
            )
        ],
    ),
    # ── 人力资源社会保障 ───────────────────────────────────────────────────────────────────
    T(
        "人力资源社会保障",
        "就业创业证申领",
        "公共服务",
        ["自然人"],
        [("设定依据", "就业服务与就业管理规定", "第六十一条")],
        ["在法定劳动年龄内，有劳动能力和就业要求"],
        [
            H(
                "就业创业证申领",
                "即办件",
                5,
                [M("employment_card_form"), _ID, M("id_photo")],
                ["employment_card"],
                online="全程网办",
            )
        ],
    ),
    T(
        "人力资源社会保障",
        "城乡居民基本养老保险参保登记",
        "公共服务",
        ["自然人"],
        [
            (
                "设定依据",
                "国务院关于建立统一的城乡居民基本养老保险制度的意见",
                None,
                "国发〔2014〕8号",
            )
        ],
        [
            "年满16周岁（不含在校学生），非国家机关和事业单位工作人员及不属于职工基本养老保险制度覆盖范围的城乡居民"
        ],
        [
            H(
                "城乡居民基本养老保险参保登记",
                "即办件",
                5,
                [M("pension_enrollment_form"), _ID, M("household_register", "复印件")],
                online="全程网办",
            ),
            H(
                "城乡居民基本养老保险参保信息变更登记",
                "即办件",
                5,
                [M("pension_enrollment_form"), _ID],
                online="全程网办",
            ),
        ],
    ),
    T(
        "人力资源社会保障",
        "城乡居民基本养老保险待遇申领",
        "公共服务",
        ["自然人"],
        [
            (
                "设定依据",
                "国务院关于建立统一的城乡居民基本养老保险制度的意见",
                None,
                "国发〔2014〕8号",
            )
        ],
        ["年满60周岁，累计缴费满15年，且未领取国家规定的基本养老保障待遇"],
        # 即来即办 (time.immediate-service): 待遇 checked on the spot through data sharing
        [
            H(
                "城乡居民基本养老保险待遇申领",
                "即办件",
                15,
                [
                    M("pension_benefit_form"),
                    _ID,
                    M("social_security_card", "复印件"),
                    M("household_register", "复印件", when=RURAL),
                ],
            )
        ],
    ),
    T(
        "人力资源社会保障",
        "失业登记",
        "公共服务",
        ["自然人"],
        [
            ("设定依据", "中华人民共和国就业促进法", "第三十五条"),
            ("实施依据", "就业服务与就业管理规定", "第六十三条"),
        ],
        ["在法定劳动年龄内，有劳动能力和就业要求，处于无业状态"],
        [
            H(
                "失业登记",
                "即办件",
                5,
                [
                    M("unemployment_registration_form"),
                    _ID,
                    M("termination_certificate", "复印件", when={"is_first_application": False}),
                ],
                online="全程网办",
            )
        ],
    ),
    T(
        "人力资源社会保障",
        "职业培训补贴申领",
        "行政给付",
        ["自然人", "法人"],
        [
            ("设定依据", "中华人民共和国就业促进法", "第五十条"),
            ("实施依据", "就业补助资金管理办法", "第五条"),
        ],
        ["参加职业技能培训并取得职业技能等级证书"],
        [
            H(
                "职业培训补贴申领",
                "承诺件",
                20,
                [
                    M("training_subsidy_form"),
                    _ID,
                    M("vocational_certificate", "复印件"),
                    M("social_security_card", "复印件"),
                ],
            )
        ],
    ),
    T(
        "人力资源社会保障",
        "社会保障卡申领",
        "公共服务",
        ["自然人"],
        [("设定依据", "中华人民共和国社会保险法", "第五十八条")],
        ["已参加社会保险"],
        [
            H(
                "社会保障卡首次申领",
                "即办件",
                5,
                [M("sscard_application_form"), _ID, M("id_photo")],
                ["social_security_card"],
                proxy=False,
                online="窗口办理",
                delivery=("窗口领取",),
            ),
            H(
                "社会保障卡补换",
                "即办件",
                5,
                [M("sscard_application_form"), _ID],
                ["social_security_card"],
                proxy=False,
                online="窗口办理",
                delivery=("窗口领取",),
            ),
        ],
    ),
    T(
        "人力资源社会保障",
        "经营性人力资源服务机构从事职业中介活动许可",
        "行政许可",
        ["法人"],
        [
            ("设定依据", "人力资源市场暂行条例", "第十八条"),
            ("实施依据", "人力资源服务机构管理规定", "第十一条"),
        ],
        ["有明确的业务范围、机构章程和管理制度", "有开展业务必备的固定场所、办公设施和开办资金"],
        [
            H(
                "人力资源服务许可证核发",
                "承诺件",
                20,
                [
                    M("hr_service_application"),
                    M("business_license", "复印件"),
                    M("hr_staff_qualification", "复印件", copies=2),
                    M("premises_proof", "复印件"),
                ],
                ["hr_service_license"],
            ),
            H(
                "人力资源服务许可证变更",
                "承诺件",
                20,
                [M("hr_service_application"), M("hr_service_license")],
                ["hr_service_license"],
            ),
        ],
        scope="county",
    ),
    # ── 民政 ─────────────────────────────────────────────────────────────────────────────
    T(
        "民政",
        "最低生活保障审核确认",
        "行政给付",
        ["自然人"],
        [
            ("设定依据", "社会救助暂行办法", "第九条"),
            ("实施依据", "最低生活保障审核确认办法", "第十条"),
        ],
        ["共同生活的家庭成员人均收入低于当地最低生活保障标准，且财产状况符合当地规定"],
        [
            H(
                "农村最低生活保障申请",
                "承诺件",
                30,
                [
                    M("subsistence_application"),
                    M("family_income_authorization"),
                    _ID,
                    M("household_register", "复印件"),
                    M(
                        "disability_certificate",
                        "复印件",
                        when={"has_disability_certificate": True},
                    ),
                    M("diagnosis_certificate", "复印件", when={"has_major_illness": True}),
                ],
                special=[_PUBLICITY],
            ),
            H(
                "城市最低生活保障申请",
                "承诺件",
                30,
                [
                    M("subsistence_application"),
                    M("family_income_authorization"),
                    _ID,
                    M("household_register", "复印件"),
                    M("marriage_certificate", "复印件", when={"all": [MARRIED, NATURAL_PERSON]}),
                ],
                special=[_PUBLICITY],
            ),
        ],
    ),
    T(
        "民政",
        "特困人员认定",
        "行政给付",
        ["自然人"],
        [("设定依据", "社会救助暂行办法", "第十四条"), ("实施依据", "特困人员认定办法", "第十条")],
        ["无劳动能力、无生活来源，且无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力"],
        [
            H(
                "特困人员供养申请",
                "承诺件",
                30,
                [
                    M("subsistence_application"),
                    _ID,
                    M("household_register", "复印件"),
                    M("family_income_authorization"),
                    M(
                        "disability_certificate",
                        "复印件",
                        when={"has_disability_certificate": True},
                    ),
                ],
                special=[_PUBLICITY],
            )
        ],
    ),
    T(
        "民政",
        "困难残疾人生活补贴和重度残疾人护理补贴给付",
        "行政给付",
        ["自然人"],
        [
            (
                "设定依据",
                "国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见",
                None,
                "国发〔2015〕52号",
            )
        ],
        ["持有第二代残疾人证"],
        [
            H(
                "困难残疾人生活补贴申请",
                "承诺件",
                20,
                [M("disability_subsidy_form"), _ID, M("disability_certificate", "复印件")],
            ),
            H(
                "重度残疾人护理补贴申请",
                "承诺件",
                20,
                [M("disability_subsidy_form"), _ID, M("disability_certificate", "复印件")],
            ),
        ],
    ),
    T(
        "民政",
        "临时救助",
        "行政给付",
        ["自然人"],
        [
            ("设定依据", "社会救助暂行办法", "第四十七条"),
            ("实施依据", "国务院关于全面建立临时救助制度的通知", None, "国发〔2014〕47号"),
        ],
        ["因火灾、交通事故等意外事件或者家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难"],
        [
            H(
                "急难型临时救助",
                "即办件",
                5,
                [M("temporary_assistance_form"), _ID],
                unit="自然日",
                online="窗口办理",
            ),
            H(
                "支出型临时救助",
                "承诺件",
                15,
                [
                    M("temporary_assistance_form"),
                    _ID,
                    M("family_income_authorization"),
                    M(
                        "medical_expense_receipts",
                        "复印件",
                        when={
                            "any": [
                                {"has_major_illness": True},
                                {"has_disability_certificate": True},
                            ]
                        },
                    ),
                ],
                unit="自然日",
            ),
        ],
    ),
    T(
        "民政",
        "高龄津贴发放",
        "行政给付",
        ["自然人"],
        [("设定依据", "中华人民共和国老年人权益保障法", "第三十三条")],
        ["年满80周岁的本地户籍老年人"],
        [
            H(
                "高龄津贴申请",
                "承诺件",
                20,
                [
                    M("elderly_allowance_form"),
                    _ID,
                    M("household_register", "复印件"),
                    M("social_security_card", "复印件"),
                ],
            )
        ],
    ),
    T(
        "民政",
        "基本殡葬服务费用减免",
        "行政给付",
        ["自然人"],
        [
            ("设定依据", "殡葬管理条例", None),
            ("实施依据", "关于全面推行惠民殡葬政策的指导意见", None, "民发〔2012〕211号"),
        ],
        ["逝者生前为本地户籍居民"],
        [
            H(
                "基本殡葬服务费用减免申请",
                "承诺件",
                10,
                [
                    _ID,
                    M("death_certificate", "复印件"),
                    M("cremation_certificate", "复印件"),
                    M("household_register", "复印件"),
                ],
            )
        ],
    ),
    T(
        "民政",
        "社会团体成立登记",
        "行政许可",
        ["其他组织"],
        [("设定依据", "社会团体登记管理条例", "第九条")],
        ["有50个以上的个人会员或者30个以上的单位会员", "有合法的资产和经费来源"],
        [
            H(
                "社会团体成立登记",
                "承诺件",
                60,
                [
                    M("social_org_application"),
                    M("social_org_articles"),
                    M("capital_verification_report"),
                    M("premises_proof", "复印件"),
                ],
                proxy=False,
                special=[_EXPERT],
            )
        ],
        scope="county",
    ),
    # ── 自然资源 ─────────────────────────────────────────────────────────────────────────
    T(
        "自然资源",
        "不动产登记",
        "行政确认",
        ["自然人", "法人", "其他组织"],
        [
            ("设定依据", "中华人民共和国民法典", "第二百一十条"),
            ("实施依据", "不动产登记暂行条例", "第二十条"),
        ],
        ["不动产权属清楚，界址清晰，面积准确"],
        [
            H(
                "国有建设用地使用权及房屋所有权转移登记",
                "承诺件",
                30,
                [
                    M("real_estate_application"),
                    _ID,
                    M("real_estate_certificate"),
                    M("sale_contract"),
                    M("tax_payment_certificate", "复印件"),
                    M("marriage_certificate", "复印件", when=MARRIED),
                    _LICENSE_IF_LEGAL,
                ],
                ["real_estate_certificate"],
                proxy=False,
                fees=[_REG_FEE, _CERT_FEE],
            ),
            H(
                "抵押权首次登记",
                "承诺件",
                30,
                [
                    M("real_estate_application"),
                    M("real_estate_certificate"),
                    M("mortgage_contract"),
                ],
                proxy=False,
                fees=[_REG_FEE],
            ),
            H(
                "抵押权注销登记",
                "即办件",
                30,
                [M("real_estate_application"), M("mortgage_release_proof")],
                online="全程网办",
            ),
        ],
        scope="county",
    ),
    T(
        "自然资源",
        "农村宅基地使用权及房屋所有权确权登记",
        "行政确认",
        ["自然人"],
        [
            ("设定依据", "不动产登记暂行条例", "第十四条"),
            ("实施依据", "不动产登记暂行条例实施细则", "第四十一条"),
        ],
        ["宅基地和房屋权属清楚、无争议"],
        [
            H(
                "宅基地使用权及房屋所有权首次登记",
                "承诺件",
                30,
                [
                    M("real_estate_application"),
                    _ID,
                    M("household_register", "复印件"),
                    M("homestead_no_dispute_proof"),
                    M("cadastral_survey_report"),
                ],
                ["real_estate_certificate"],
            )
        ],
    ),
    T(
        "自然资源",
        "建设用地规划许可证核发",
        "行政许可",
        ["法人", "其他组织"],
        [("设定依据", "中华人民共和国城乡规划法", "第三十七条")],
        ["建设项目已依法取得国有建设用地"],
        [
            H(
                "建设用地规划许可证核发",
                "承诺件",
                20,
                [
                    M("land_planning_form"),
                    M("business_license", "复印件"),
                    M("land_transfer_contract", "复印件", when={"land_supply": "出让"}),
                    M("land_allocation_decision", "复印件", when={"land_supply": "划拨"}),
                ],
                ["land_use_planning_permit"],
            )
        ],
        scope="county",
    ),
    T(
        "自然资源",
        "建设工程规划许可证核发",
        "行政许可",
        ["法人", "其他组织"],
        [("设定依据", "中华人民共和国城乡规划法", "第四十条")],
        ["已取得建设用地规划许可证"],
        [
            H(
                "建设工程规划许可证核发",
                "承诺件",
                20,
                [
                    M("construction_planning_form"),
                    M("land_use_planning_permit", "复印件"),
                    M("design_scheme"),
                ],
                ["construction_planning_permit"],
                special=[_EXPERT],
            )
        ],
        scope="county",
    ),
    T(
        "自然资源",
        "建设工程规划条件核实",
        "行政确认",
        ["法人", "其他组织"],
        [("设定依据", "中华人民共和国城乡规划法", "第四十五条")],
        ["建设工程已竣工"],
        [
            H(
                "建设工程规划条件核实",
                "承诺件",
                15,
                [
                    M("planning_verification_form"),
                    M("construction_planning_permit", "复印件"),
                    M("completion_survey_report"),
                ],
                ["planning_verification_opinion"],
                special=[_SITE_CHECK],
            )
        ],
        scope="county",
    ),
    T(
        "自然资源",
        "乡村建设规划许可证核发",
        "行政许可",
        ["自然人", "法人", "其他组织"],
        [("设定依据", "中华人民共和国城乡规划法", "第四十一条")],
        ["在乡、村庄规划区内进行乡镇企业、乡村公共设施和公益事业建设以及农村村民住宅建设"],
        [
            H(
                "乡村建设规划许可证核发",
                "承诺件",
                20,
                [M("rural_planning_form"), _ID, M("homestead_no_dispute_proof"), _LICENSE_IF_LEGAL],
                ["rural_construction_permit"],
            )
        ],
    ),
    # ── 住房城乡建设 ───────────────────────────────────────────────────────────────────────
    T(
        "住房城乡建设",
        "建筑工程施工许可证核发",
        "行政许可",
        ["法人", "其他组织"],
        [
            ("设定依据", "中华人民共和国建筑法", "第七条"),
            ("实施依据", "建筑工程施工许可管理办法", "第四条"),
        ],
        ["已经办理建筑工程用地批准手续", "已经确定施工企业", "有满足施工需要的资金安排"],
        [
            H(
                "建筑工程施工许可证核发",
                "承诺件",
                7,
                [
                    M("construction_permit_form"),
                    M("construction_planning_permit", "复印件"),
                    M("construction_contract", "复印件"),
                    M("funding_commitment"),
                ],
                ["construction_permit"],
                online="全程网办",
            ),
            H(
                "建筑工程施工许可证延期",
                "承诺件",
                7,
                [M("permit_extension_form"), M("construction_permit")],
                ["construction_permit"],
                online="全程网办",
            ),
        ],
        scope="county",
    ),
    T(
        "住房城乡建设",
        "房屋建筑和市政基础设施工程竣工验收备案",
        "其他行政权力",
        ["法人", "其他组织"],
        [
            ("设定依据", "建设工程质量管理条例", "第四十九条"),
            ("实施依据", "房屋建筑和市政基础设施工程竣工验收备案管理办法", "第四条"),
        ],
        ["工程已竣工验收合格"],
        [
            H(
                "房屋建筑和市政基础设施工程竣工验收备案",
                "承诺件",
                5,
                [
                    M("completion_filing_form"),
                    M("completion_acceptance_report"),
                    M("construction_permit", "复印件"),
                    M(
                        "planning_verification_opinion",
                        "复印件",
                        when={"project_use": ["住宅", "公共建筑"]},
                    ),
                ],
                ["completion_filing_certificate"],
            )
        ],
        scope="county",
    ),
    T(
        "住房城乡建设",
        "农村危房改造对象认定",
        "行政给付",
        ["自然人"],
        [
            (
                "设定依据",
                "关于做好农村低收入群体等重点对象住房安全保障工作的实施意见",
                None,
                "建村〔2021〕35号",
            )
        ],
        ["农村低收入群体等重点对象，住房经鉴定为C级或者D级危房"],
        [
            H(
                "农村危房改造对象申请",
                "承诺件",
                20,
                [
                    M("dangerous_house_form"),
                    _ID,
                    M("household_register", "复印件"),
                    M("house_safety_appraisal", defer=10),
                ],
                special=[_PUBLICITY],
            )
        ],
    ),
    T(
        "住房城乡建设",
        "公共租赁住房保障资格审核",
        "行政确认",
        ["自然人"],
        [("设定依据", "公共租赁住房管理办法", "第七条")],
        ["在本地无房或者住房面积低于规定标准", "收入、财产低于规定标准"],
        [
            H(
                "公共租赁住房保障资格申请",
                "承诺件",
                30,
                [
                    M("public_rental_form"),
                    _ID,
                    M("household_register", "复印件"),
                    M("family_income_authorization"),
                    M("marriage_certificate", "复印件", when=MARRIED),
                ],
                special=[_PUBLICITY],
            ),
            H("公共租赁住房退出登记", "即办件", 30, [M("public_rental_form"), _ID]),
        ],
    ),
    T(
        "住房城乡建设",
        "商品房预售许可",
        "行政许可",
        ["法人"],
        [
            ("设定依据", "中华人民共和国城市房地产管理法", "第四十五条"),
            ("实施依据", "城市商品房预售管理办法", "第六条"),
        ],
        ["已交付全部土地使用权出让金，取得土地使用权证书", "持有建设工程规划许可证和施工许可证"],
        [
            H(
                "商品房预售许可证核发",
                "承诺件",
                10,
                [
                    M("presale_application"),
                    M("business_license", "复印件"),
                    M("construction_permit", "复印件"),
                    M("presale_fund_agreement"),
                ],
                ["presale_permit"],
            )
        ],
        scope="county",
    ),
    T(
        "住房城乡建设",
        "前期物业服务合同备案",
        "其他行政权力",
        ["法人"],
        [("设定依据", "物业管理条例", "第二十一条")],
        ["建设单位已与物业服务企业签订前期物业服务合同"],
        [
            H(
                "前期物业服务合同备案",
                "即办件",
                5,
                [M("property_service_contract"), M("business_license", "复印件")],
                online="全程网办",
            )
        ],
        scope="county",
    ),
    # ── 农业农村 ─────────────────────────────────────────────────────────────────────────
    T(
        "农业农村",
        "农机购置与应用补贴申请",
        "行政给付",
        ["自然人", "法人", "其他组织"],
        [
            ("设定依据", "中华人民共和国农业机械化促进法", "第二十七条"),
            ("实施依据", "农机购置与应用补贴实施指导意见", None),
        ],
        ["从事农业生产的个人和农业生产经营组织"],
        [
            H(
                "农机购置与应用补贴申请",
                "承诺件",
                15,
                [
                    M("farm_machinery_subsidy_form"),
                    _ID,
                    M("machinery_invoice", "复印件"),
                    M("machinery_nameplate_photo"),
                    M("subsidy_bank_account", "复印件"),
                    _LICENSE_IF_LEGAL,
                ],
            )
        ],
    ),
    T(
        "农业农村",
        "农药经营许可",
        "行政许可",
        ["自然人", "法人", "其他组织"],
        [
            ("设定依据", "农药管理条例", "第二十四条"),
            ("实施依据", "农药经营许可管理办法", "第五条"),
        ],
        ["有具备农药和相关专业中专以上学历或者专业教育培训机构56学时以上学习经历的经营人员"],
        [
            H(
                "农药经营许可证核发",
                "承诺件",
                20,
                [
                    M("pesticide_business_form"),
                    _ID,
                    M("pesticide_staff_certificate", "复印件"),
                    M("premises_proof", "复印件"),
                    _LICENSE_IF_LEGAL,
                ],
                ["pesticide_business_license"],
                special=[_SITE_CHECK],
            ),
            H(
                "农药经营许可证变更",
                "承诺件",
                20,
                [M("pesticide_business_form"), M("pesticide_business_license")],
                ["pesticide_business_license"],
            ),
        ],
    ),
    T(
        "农业农村",
        "动物防疫条件合格证核发",
        "行政许可",
        ["自然人", "法人", "其他组织"],
        [
            ("设定依据", "中华人民共和国动物防疫法", "第二十五条"),
            ("实施依据", "动物防疫条件审查办法", "第十四条"),
        ],
        ["场所的位置与居民生活区、生活饮用水水源地等的距离符合规定"],
        [
            H(
                "动物防疫条件合格证核发",
                "承诺件",
                20,
                [M("animal_epidemic_form"), _ID, M("site_layout_plan"), _LICENSE_IF_LEGAL],
                ["animal_epidemic_certificate"],
                special=[_SITE_CHECK],
            )
        ],
    ),
    T(
        "农业农村",
        "农作物种子生产经营许可",
        "行政许可",
        ["法人", "其他组织"],
        [
            ("设定依据", "中华人民共和国种子法", "第三十一条"),
            ("实施依据", "农作物种子生产经营许可管理办法", "第十条"),
        ],
        ["具有与种子生产经营相适应的设施、设备及专业技术人员"],
        [
            H(
                "农作物种子生产经营许可证核发",
                "承诺件",
                20,
                [
                    M("seed_business_form"),
                    M("business_license", "复印件"),
                    M("seed_facility_proof"),
                ],
                ["seed_business_license"],
            ),
            H(
                "农作物种子生产经营许可证延续",
                "承诺件",
                20,
                [M("seed_business_form"), M("seed_business_license")],
                ["seed_business_license"],
            ),
        ],
        scope="county",
    ),
    T(
        "农业农村",
        "农村宅基地用地审批",
        "行政许可",
        ["自然人"],
        [
            ("设定依据", "中华人民共和国土地管理法", "第六十二条"),
            ("实施依据", "农村宅基地管理办法", None),
        ],
        ["本集体经济组织成员，符合一户一宅规定"],
        [
            H(
                "农村宅基地和建房申请",
                "承诺件",
                20,
                [
                    M("homestead_application"),
                    _ID,
                    M("household_register", "复印件"),
                    M("village_meeting_record"),
                    M("homestead_no_dispute_proof", when=NOT_FIRST),
                ],
                ["rural_construction_permit"],
            )
        ],
    ),
    T(
        "农业农村",
        "耕地地力保护补贴发放",
        "行政给付",
        ["自然人", "法人", "其他组织"],
        [("设定依据", "关于全面推开农业“三项补贴”改革工作的通知", None, "财农〔2016〕26号")],
        ["拥有耕地承包权的种地农民"],
        [
            H(
                "耕地地力保护补贴申报",
                "承诺件",
                15,
                [
                    _ID,
                    M("land_contract_certificate", "复印件"),
                    M("subsidy_bank_account", "复印件"),
                ],
            )
        ],
    ),
]

# ──────────────────────────────────────────────────────────────────────────────────────────
# Region names.

_CITY_A = "安平宁华丰清长永新兴泰宜临和嘉文昌德福瑞胜汝颍淮沁洛淇卫鹤濮漯"
_CITY_B = "阳川丘原城州江山河林邑水陵台源宁昌"
_TOWN_A = (
    "上下东西南北前后大小高王李张刘陈杨赵黄周吴孙马朱胡郭何罗梁宋郑谢"
    "韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
)
_TOWN_B = "集庄营店寨桥口岗湾楼坡铺"
_VILLAGE_SUR = (
    "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁"
    "邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭"
    "廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺"
    "赖龚文"
)
_VILLAGE_SUF = "庄营寨屯集店湾岗楼坡沟洼桥寺园铺湖河"
_VILLAGE_PRE = ["", "东", "西", "南", "北", "前", "后", "大", "小", "上", "下"]
AREA_CODES = [
    "0372",
    "0373",
    "0374",
    "0375",
    "0376",
    "0377",
    "0378",
    "0379",
    "0391",
    "0392",
    "0393",
    "0394",
    "0395",
    "0396",
    "0398",
    "0370",
]
HOURS = [
    "周一至周五 9:00-12:00 13:30-17:30",
    "周一至周五 8:30-12:00 14:00-17:30",
    "周一至周五 9:00-12:00 14:30-18:00（夏季）",
    "周一至周六 9:00-12:00 13:30-17:00",
]
_FLOORS = ["一", "二", "三", "四"]
_ZONES = "ABCDEF"


class Namer:
    """Picks names unique across the whole catalog where the pool allows, else within a parent."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def pick(self, make, siblings: set[str]) -> str:
        name = make()
        for _ in range(60):
            if name not in self.used and name not in siblings:
                break
            name = make()
        else:
            base, n = name, 2
            while name in siblings:
                name = (
                    f"{base[:-1]}{_CN_NUM[n % len(_CN_NUM)]}{base[-1]}" if n < 10 else f"{base}{n}"
                )
                n += 1
        self.used.add(name)
        siblings.add(name)
        return name


_CN_NUM = "〇一二三四五六七八九"


# ──────────────────────────────────────────────────────────────────────────────────────────
# Generation.


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``parts`` non-negative integers adding up to ``total``."""
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


_STEP_NAMES = [
    ["受理", "审核", "决定"],
    ["受理", "审查", "决定", "制证"],
    ["受理", "初审", "复审", "决定", "送达"],
]


def _handling(rng: random.Random, code: str, label: str, tpl: dict) -> dict:
    legal = tpl["legal"]
    steps_names = rng.choice(_STEP_NAMES)
    if tpl["kind"] == "即办件":
        promised = 0
        days = [0] * len(steps_names)
    else:
        top = math.floor(legal * 0.8 + 1e-9)
        promised = rng.randint(max(1, top // 3), top)
        used = promised - (1 if promised > 1 and rng.random() < 0.3 else 0)
        days = _split(rng, used, len(steps_names))
    steps = [Flow(name=n, days=d) for n, d in zip(steps_names, days)]
    materials = []
    for material, form, copies, when, defer, note in tpl["mats"]:
        row = Flow(material=material, form=form, copies=copies)
        if note:
            row["note"] = note
        if defer:
            row["deferrable_days"] = defer
        if when is not None:
            row["when"] = when
        materials.append(row)
    if tpl["proxy"]:
        materials.append(Flow(material="power_of_attorney", form="原件", copies=1, when=ENTRUSTED))
        materials.append(Flow(material="agent_id_card", form="复印件", copies=1, when=ENTRUSTED))
    time_limit = Flow(unit=tpl["unit"], legal=legal, promised=promised)
    online = tpl["online"]
    handling = {
        "code": code,
        "name": tpl["name"] + label,
        "kind": tpl["kind"],
        "time_limit": time_limit,
        "steps": steps,
        "special_steps": [Flow(s) for s in tpl["special"]],
        "materials": materials,
        "fees": [Flow(f) for f in tpl["fees"]],
    }
    if tpl["results"]:
        handling["results"] = [Flow(material=m) for m in tpl["results"]]
    handling["delivery"] = FlowList(tpl["delivery"])
    handling["visits"] = 0 if online == "全程网办" else (1 if rng.random() < 0.85 else 2)
    handling["online"] = online
    handling["proxy"] = tpl["proxy"]
    return handling


def _levels(index: int, scope: str) -> tuple[str, dict]:
    """The level an item is exercised at and its ``levels`` mapping: one item in twenty is
    exercised (accepted and decided) at city level, one in twenty at province level, the rest
    at county level."""
    if index % 20 == 15:
        return "province", {
            "exercise": FlowList(["province"]),
            "accept": FlowList(["province"]),
            "decide": "province",
        }
    if index % 20 == 7:
        return "city", {
            "exercise": FlowList(["city"]),
            "accept": FlowList(["city"]),
            "decide": "city",
        }
    accept = ["county", "township"] if scope == "county+township" else ["county"]
    return "county", {
        "exercise": FlowList(["county"]),
        "accept": FlowList(accept),
        "decide": "county",
    }


def generate(
    out: Path,
    *,
    items: int,
    cities: int,
    counties: int,
    townships: int,
    villages: int,
    share: dict[str, float],
    seed: int,
    codes: str = "digits",
    ratio_max: float = 0.8,
) -> dict:
    rng = random.Random(seed)
    namer = Namer(rng)
    files: dict[str, object] = {}  # relative path → data (dumped as YAML) or str (written as is)

    # ── regions and departments ────────────────────────────────────────────────────────
    province = {"code": "410000", "name": "示例省", "level": "province"}
    regions = [Flow(province)]
    departments: list[dict] = []
    phone_counter = [5550100]

    def phone(area: str) -> str:
        phone_counter[0] += 1
        return f"{area}-{phone_counter[0]}"

    def dept(id_, name, region, sector, area, address, hours=None):
        departments.append(
            {
                "id": id_,
                "name": name,
                "region": region,
                "sector": sector,
                "phone": phone(area),
                "complaint_phone": "12345",
                "address": address,
                "hours": hours or rng.choice(HOURS),
            }
        )

    def agencies(level, code, place, area, hall):
        for n, (sector, (key, _, _)) in enumerate(SECTORS.items()):
            floor = _FLOORS[n % len(_FLOORS)]
            dept(
                f"r{code}-{key}",
                place + AGENCY_NAMES[level][sector],
                code,
                sector,
                area,
                f"{hall}{floor}楼 {_ZONES[n % len(_ZONES)]} 区",
            )
        dept(f"r{code}-centre", f"{place}政务服务中心", code, "综合", area, f"{hall}一楼综合受理区")

    agencies("province", "410000", "示例省", "0371", "示例省政务服务中心")
    tree = []  # (city, [(county, [(town, [village…])…])…])
    city_names: set[str] = set()
    for c in range(cities):
        area = AREA_CODES[c % len(AREA_CODES)]
        ccode = f"41{c + 1:02d}00"
        cname = namer.pick(lambda: rng.choice(_CITY_A) + rng.choice(_CITY_B) + "市", city_names)
        regions.append(Flow(code=ccode, name=cname, level="city", parent="410000"))
        agencies("city", ccode, cname, area, f"{cname}民生服务中心")
        county_list = []
        county_names: set[str] = set()
        for k in range(counties):
            kcode = f"41{c + 1:02d}{k + 21 if k < 79 else k - 78:02d}"
            kname = namer.pick(
                lambda: rng.choice(_CITY_A) + rng.choice(_CITY_B) + "县", county_names
            )
            regions.append(Flow(code=kcode, name=kname, level="county", parent=ccode))
            agencies("county", kcode, kname, area, f"{kname}政务服务中心")
            town_list = []
            town_names: set[str] = set()
            for t in range(townships):
                tcode = f"{kcode}{t + 100:03d}"
                tname = namer.pick(
                    lambda: (
                        rng.choice(_TOWN_A)
                        + rng.choice(_TOWN_B)
                        + ("乡" if rng.random() < 0.25 else "镇")
                    ),
                    town_names,
                )
                regions.append(Flow(code=tcode, name=tname, level="township", parent=kcode))
                dept(
                    f"r{tcode}-centre",
                    f"{tname}便民服务中心",
                    tcode,
                    "综合",
                    area,
                    f"{tname}人民政府院内一楼",
                    "周一至周五 8:30-12:00 14:00-17:30",
                )
                village_list = []
                village_names: set[str] = set()
                for v in range(villages):
                    vcode = f"{tcode}{v + 201 if v < 799 else v - 798:03d}"
                    vname = namer.pick(
                        lambda: (
                            rng.choice(_VILLAGE_PRE)
                            + rng.choice(_VILLAGE_SUR)
                            + rng.choice(_VILLAGE_SUF)
                            + "村"
                        ),
                        village_names,
                    )
                    regions.append(Flow(code=vcode, name=vname, level="village", parent=tcode))
                    dept(
                        f"r{vcode}-station",
                        f"{tname}{vname}便民服务站",
                        vcode,
                        "综合",
                        area,
                        f"{tname}{vname}村民委员会",
                        "周一至周五 9:00-11:30 14:30-17:00",
                    )
                    village_list.append(vcode)
                town_list.append((tcode, village_list))
            county_list.append((kcode, town_list))
        tree.append((ccode, county_list))

    # ── items ──────────────────────────────────────────────────────────────────────────
    counters = {sector: 0 for sector in SECTORS}
    item_rows = []  # (code, item dict, exercise level, [handling codes], [proxy handling codes])
    n_templates = len(TEMPLATES)
    for i in range(items):
        tpl = TEMPLATES[i % n_templates]
        rnd = i // n_templates
        label = "" if rnd == 0 else f"（第{rnd}号）"
        sector = tpl["sector"]
        seq = counters[sector] = counters[sector] + 1
        digits = SECTORS[sector][1]
        code = f"0001{digits}{seq % 1000:03d}{seq // 1000:03d}"
        if codes == "letters":
            code = f"410{SECTOR_LETTERS[digits]}{digits}{seq % 1000:03d}{seq // 1000:03d}00"
        level, levels = _levels(i, tpl["scope"])
        handling = [
            _handling(rng, f"{code}{h + 1:02d}", label, h_tpl)
            for h, h_tpl in enumerate(tpl["handling"])
        ]
        item = {
            "schema": "banshi/item/v1",
            "code": code,
            "name": tpl["name"] + label,
            "type": tpl["type"],
            "sector": sector,
            "service_objects": FlowList(tpl["objects"]),
            "basis": [
                Flow(
                    {
                        "kind": kind,
                        "title": title,
                        **({"article": article} if article else {}),
                        **({"number": extra[0]} if extra else {}),
                    }
                )
                for kind, title, article, *extra in tpl["basis"]
            ],
            "levels": Flow(levels),
            "status": "active",
            "effective": dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 2700)),
            "conditions": FlowList(tpl["conditions"]),
        }
        if handling[0]["proxy"]:
            item["faq"] = [
                Flow(q="能否委托他人办理？", a="可以，受托人须携带授权委托书和本人居民身份证。")
            ]
        item["handling"] = handling
        files[f"catalog/items/{code}.yaml"] = item
        item_rows.append(
            (
                code,
                item,
                level,
                [h["code"] for h in handling],
                [h["code"] for h in handling if h["proxy"]],
            )
        )

    # ── implementation lists ────────────────────────────────────────────────────────────
    def sample(pool: list, fraction: float) -> list:
        if fraction >= 1.0:
            return list(pool)
        chosen = set(rng.sample(range(len(pool)), round(len(pool) * fraction)))
        return [row for n, row in enumerate(pool) if n in chosen]

    def handling_list(item):
        return item["handling"]

    def deciding_entry(code, item, region):
        key, _, window = SECTORS[item["sector"]]
        entry = Flow(item=code, agency=f"r{region}-{key}", mode="办理", window=window)
        hs = handling_list(item)
        if all(h["kind"] == "即办件" for h in hs):
            entry["on_site"] = True
        else:
            fastest = min(h["time_limit"]["promised"] for h in hs)
            if fastest >= 2 and rng.random() < 0.3:
                own_promise(entry, fastest - 1)  # 本地再提速
        return entry

    def own_promise(entry, days):
        """A promise of the region's own, with the shorter procedure that keeps it
        (time.local-steps: a promise is never shorter than the steps it runs)."""
        entry["promised"] = days
        entry["steps"] = [Flow(name="收件", days=0), Flow(name="办理", days=days)]

    counts = {"province": 0, "city": 0, "county": 0, "township": 0, "village": 0}

    def write_list(region, entries, level):
        if entries:
            files[f"catalog/implementations/{region}.yaml"] = {
                "schema": "banshi/implementation/v1",
                "region": region,
                "entries": entries,
            }
            counts[level] += len(entries)

    by_level = {
        lv: [row for row in item_rows if row[2] == lv] for lv in ("province", "city", "county")
    }
    write_list(
        "410000",
        [
            deciding_entry(r[0], r[1], "410000")
            for r in sample(by_level["province"], share["province"])
        ],
        "province",
    )
    for ccode, county_list in tree:
        write_list(
            ccode,
            [deciding_entry(r[0], r[1], ccode) for r in sample(by_level["city"], share["city"])],
            "city",
        )
        for kcode, town_list in county_list:
            county_rows = sample(by_level["county"], share["county"])
            write_list(kcode, [deciding_entry(r[0], r[1], kcode) for r in county_rows], "county")
            town_pool = [r for r in county_rows if "township" in r[1]["levels"]["accept"]]
            for tcode, village_list in town_list:
                town_rows = sample(town_pool, share["township"])
                entries = []
                for code, item, _, _, _ in town_rows:
                    key = SECTORS[item["sector"]][0]
                    entry = Flow(
                        item=code,
                        agency=f"r{tcode}-centre",
                        mode="受理转报",
                        forward_to=f"r{kcode}-{key}",
                        window="综合收件窗口",
                    )
                    hs = handling_list(item)
                    legal = min(h["time_limit"]["legal"] for h in hs)
                    # the whole journey, 转报 included: no shorter than the county's promise
                    # of any handling item (time.route-promise), never beyond the legal limit
                    slowest = max(h["time_limit"]["promised"] for h in hs)
                    if legal > 0 and rng.random() < 0.3 and slowest <= legal:
                        own_promise(entry, min(legal, slowest + 2))
                    entries.append(entry)
                write_list(tcode, entries, "township")
                village_pool = [r for r in town_rows if r[4]]
                for vcode in village_list:
                    entries = [
                        Flow(
                            item=hcode,
                            agency=f"r{vcode}-station",
                            mode="代办",
                            forward_to=f"r{tcode}-centre",
                        )
                        for r in sample(village_pool, share["village"])
                        for hcode in r[4]
                    ]
                    write_list(vcode, entries, "village")

    # ── catalog-wide files ─────────────────────────────────────────────────────────────
    files["catalog/catalog.yaml"] = {
        "schema": "banshi/catalog/v1",
        "name": "示例省政务服务事项目录（基准测试）",
        "version": "2026.11",
        "released": dt.date(2026, 11, 20),
        "publisher": "示例省人民政府办公厅",
        "base_url": "https://zwfw.example.gov.cn/",
        "description": (
            f"基准测试用合成目录：{items}个事项，{cities}个市、每市{counties}个县、每县{townships}个乡镇、"
            f"每乡镇{villages}个村，随机种子{seed}。"
        ),
    }
    if codes == "letters":
        files["catalog/catalog.yaml"]["codes"] = dict(LETTER_CODES)
    files["catalog/regions.yaml"] = {"schema": "banshi/regions/v1", "regions": regions}
    files["catalog/departments.yaml"] = {
        "schema": "banshi/departments/v1",
        "departments": departments,
    }

    materials = []
    for mid, name, category, source, issuer, e_license, requirements in MATERIALS:
        row = {"id": mid, "name": name, "category": category, "source": source}
        if issuer:
            row["issuer"] = issuer
        if e_license:
            row["e_license"] = True
        if category == "申请表" or mid in _WITH_FORM:
            row["blank_form"] = f"catalog/forms/{name}.txt"
            files[row["blank_form"]] = f"{name}\n\n（空白表格）\n"
            row["sample"] = f"catalog/forms/{name}（示范文本）.txt"
            files[row["sample"]] = (
                f"{name}（示范文本）\n\n按本示范文本填写，签字处须本人亲笔签名。\n"
            )
        if requirements:
            row["requirements"] = requirements
        materials.append(row)
    files["rules/materials.yaml"] = {"schema": "banshi/materials/v1", "materials": materials}
    files["rules/situations.yaml"] = {
        "schema": "banshi/situations/v1",
        "questions": [Flow(q) for q in QUESTIONS],
    }
    files["rules/policy.yaml"] = {
        "schema": "banshi/policy/v1",
        "promised_ratio_max": ratio_max,
        "high_frequency": [row[3][0] for row in item_rows[: min(8, len(item_rows))]],
        "severity": {"time.promised-ratio": "warning"},
    }
    files["rules/calendar.yaml"] = {
        "schema": "banshi/calendar/v1",
        "holidays": FlowList([dt.date(2027, 1, 1)]),
        "workdays": FlowList([]),
    }

    # ── write ──────────────────────────────────────────────────────────────────────────
    for folder in ("catalog/items", "catalog/implementations", "catalog/forms", "rules"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    for rel in sorted(files):
        data = files[rel]
        text = data if isinstance(data, str) else dump(data)
        (out / rel).write_text(text, encoding="utf-8", newline="\n")

    level_counts = {
        lv: sum(1 for r in regions if r["level"] == lv)
        for lv in ("province", "city", "county", "township", "village")
    }
    return {
        "regions": level_counts,
        "items": len(item_rows),
        "handling": sum(len(r[3]) for r in item_rows),
        "entries": counts,
    }


# ──────────────────────────────────────────────────────────────────────────────────────────
# Command line.

PRESETS = {
    # ≈ 500 items, about a quarter of the province preset's entries.
    "small": dict(items=500, cities=2, counties=3, townships=5, villages=3),
    # The target: 2,000 items and about 70,000 implementation entries.
    "province": dict(items=2000, cities=2, counties=3, townships=5, villages=3),
    "tiny": dict(items=20, cities=1, counties=2, townships=2, villages=2),
}
DEFAULT_SHARE = "county=1.0,township=0.6,village=0.4"
# --warnings: the share of its items a county lists, and the policy's promised_ratio_max
WARNINGS_COUNTY_SHARE = 0.9
WARNINGS_RATIO_MAX = 0.4
_SHARE_KEYS = ("province", "city", "county", "township", "village")


def parse_share(text: str) -> dict[str, float]:
    share = {key: 1.0 for key in _SHARE_KEYS}
    share.update(township=0.6, village=0.4)
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in _SHARE_KEYS:
            raise argparse.ArgumentTypeError(
                f"{part!r}: write level=fraction, level one of {', '.join(_SHARE_KEYS)}"
            )
        try:
            share[key] = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{part!r}: {value!r} is not a number") from None
        if not 0.0 <= share[key] <= 1.0:
            raise argparse.ArgumentTypeError(f"{part!r}: a share is between 0 and 1")
    return share


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Write a synthetic, valid Banshi catalog root (catalog/ and rules/) into OUT.",
        epilog="Presets: "
        + "; ".join(
            f"{name}: --items {p['items']} --cities {p['cities']} "
            f"--counties-per-city {p['counties']} "
            f"--townships-per-county {p['townships']} --villages-per-township {p['villages']}"
            for name, p in PRESETS.items()
        )
        + f". Explicit flags override a preset's. Default --share {DEFAULT_SHARE}.",
    )
    parser.add_argument(
        "out", metavar="OUT", type=Path, help="new or empty folder to write the catalog root into"
    )
    parser.add_argument("--size", choices=sorted(PRESETS), help="a preset for the size flags")
    parser.add_argument("--items", type=int, help="number of items (事项)")
    parser.add_argument("--cities", type=int, help="cities under the province (1–99)")
    parser.add_argument(
        "--counties-per-city", dest="counties", type=int, help="counties per city (1–99)"
    )
    parser.add_argument(
        "--townships-per-county", dest="townships", type=int, help="townships per county (0–899)"
    )
    parser.add_argument(
        "--villages-per-township", dest="villages", type=int, help="villages per township (0–999)"
    )
    parser.add_argument(
        "--share",
        type=parse_share,
        default=parse_share(DEFAULT_SHARE),
        help="fraction of the eligible items each region implements, per level: "
        f"{DEFAULT_SHARE} (city and province default to 1.0)",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="random seed (default 1); same seed, same bytes"
    )
    parser.add_argument(
        "--codes",
        choices=("digits", "letters"),
        default="digits",
        help="digits: 12- and 14-digit codes (default); letters: a province's letter codes, "
        "with its scheme in catalog.yaml",
    )
    parser.add_argument(
        "--warnings",
        action="store_true",
        help="leave warnings in: each county leaves out one item in ten (coverage.exercise), "
        "promised limits above 40%% of the legal ones are warned of (time.promised-ratio)",
    )
    args = parser.parse_args(argv)
    if args.warnings:
        args.share["county"] = min(args.share["county"], WARNINGS_COUNTY_SHARE)

    sizes = dict(PRESETS[args.size]) if args.size else {}
    for key in ("items", "cities", "counties", "townships", "villages"):
        if getattr(args, key) is not None:
            sizes[key] = getattr(args, key)
    missing = [
        k for k in ("items", "cities", "counties", "townships", "villages") if k not in sizes
    ]
    if missing:
        parser.error(
            "give --size or all of --items, --cities, --counties-per-city, "
            "--townships-per-county, --villages-per-township"
        )
    limits = {
        "items": (1, 10**6),
        "cities": (1, 99),
        "counties": (1, 99),
        "townships": (0, 899),
        "villages": (0, 999),
    }
    for key, (low, high) in limits.items():
        if not low <= sizes[key] <= high:
            parser.error(f"{key} must be between {low} and {high}")

    out: Path = args.out
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(
            f"generate.py: {out} exists and is not an empty folder; refusing to overwrite it",
            file=sys.stderr,
        )
        return 2
    out.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    summary = generate(
        out,
        share=args.share,
        seed=args.seed,
        codes=args.codes,
        ratio_max=WARNINGS_RATIO_MAX if args.warnings else 0.8,
        **sizes,
    )
    elapsed = time.perf_counter() - started
    r, e = summary["regions"], summary["entries"]
    print(
        f"regions: {r['province']} province, {r['city']} cities, {r['county']} counties, "
        f"{r['township']} townships, {r['village']} villages; items {summary['items']}; "
        f"handling items {summary['handling']}; implementation entries {sum(e.values())} "
        f"(province {e['province']}, city {e['city']}, county {e['county']}, "
        f"township {e['township']}, "
        f"village {e['village']}); {elapsed:.1f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
