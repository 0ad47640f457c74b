//! The industry of a project: one of the plan's six leading industries (六大主导产业), or
//! `其他`/`other` for any industry outside them. Anything else is refused, so that a typo never
//! silently turns a leading-industry project into a non-leading one.

use crate::error::ErrorKind;

/// A project's industry: one of the six leading industries, or another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Industry {
    /// 数字经济.
    DigitalEconomy,
    /// 信息技术应用及装备.
    ItApplicationEquipment,
    /// 智能制造.
    IntelligentManufacturing,
    /// 生命健康.
    LifeHealth,
    /// 新材料和氢能 (the plan also writes 新材料和氢能产业).
    NewMaterialsHydrogen,
    /// 现代服务业.
    ModernServices,
    /// An industry outside the six.
    Other,
}

const EXPECTED: &str = "数字经济/digital_economy, 信息技术应用及装备/it_application_equipment, 智能制造/intelligent_manufacturing, 生命健康/life_health, 新材料和氢能/new_materials_hydrogen, 现代服务业/modern_services";

impl Industry {
    /// Every spelling the engine reads, per industry: the plan's names (the first is what
    /// reports write), then the English key — the list the service's schemas are made from.
    /// `parse` stays a `match` (it runs once per record); a test holds the two together.
    pub const SPELLINGS: [(Self, &'static [&'static str], &'static str); 7] = [
        (Self::DigitalEconomy, &["数字经济"], "digital_economy"),
        (
            Self::ItApplicationEquipment,
            &["信息技术应用及装备"],
            "it_application_equipment",
        ),
        (
            Self::IntelligentManufacturing,
            &["智能制造"],
            "intelligent_manufacturing",
        ),
        (Self::LifeHealth, &["生命健康"], "life_health"),
        (
            Self::NewMaterialsHydrogen,
            &["新材料和氢能", "新材料和氢能产业"],
            "new_materials_hydrogen",
        ),
        (Self::ModernServices, &["现代服务业"], "modern_services"),
        (Self::Other, &["其他"], "other"),
    ];

    /// The six leading industries, in the plan's order.
    pub const LEADING: [Self; 6] = [
        Self::DigitalEconomy,
        Self::ItApplicationEquipment,
        Self::IntelligentManufacturing,
        Self::LifeHealth,
        Self::NewMaterialsHydrogen,
        Self::ModernServices,
    ];

    /// Parse the Chinese name as the plan writes it or the English key.
    pub fn parse(text: &str) -> Result<Self, ErrorKind> {
        let t = text.trim();
        Ok(match t {
            "数字经济" | "digital_economy" => Self::DigitalEconomy,
            "信息技术应用及装备" | "it_application_equipment" => {
                Self::ItApplicationEquipment
            }
            "智能制造" | "intelligent_manufacturing" => Self::IntelligentManufacturing,
            "生命健康" | "life_health" => Self::LifeHealth,
            // The plan writes both 新材料和氢能 (附注⑥) and 新材料和氢能产业 (四、(四)).
            "新材料和氢能" | "新材料和氢能产业" | "new_materials_hydrogen" => {
                Self::NewMaterialsHydrogen
            }
            "现代服务业" | "modern_services" => Self::ModernServices,
            "其他" | "other" => Self::Other,
            _ => {
                return Err(ErrorKind::UnknownIndustry {
                    value: text.to_owned(),
                    expected: EXPECTED,
                });
            }
        })
    }

    /// The English key, as used in the canonical input.
    pub fn key(self) -> &'static str {
        match self {
            Self::DigitalEconomy => "digital_economy",
            Self::ItApplicationEquipment => "it_application_equipment",
            Self::IntelligentManufacturing => "intelligent_manufacturing",
            Self::LifeHealth => "life_health",
            Self::NewMaterialsHydrogen => "new_materials_hydrogen",
            Self::ModernServices => "modern_services",
            Self::Other => "other",
        }
    }

    /// The name as the plan writes it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::DigitalEconomy => "数字经济",
            Self::ItApplicationEquipment => "信息技术应用及装备",
            Self::IntelligentManufacturing => "智能制造",
            Self::LifeHealth => "生命健康",
            Self::NewMaterialsHydrogen => "新材料和氢能",
            Self::ModernServices => "现代服务业",
            Self::Other => "其他",
        }
    }

    /// The English name, for English messages.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::DigitalEconomy => "digital economy",
            Self::ItApplicationEquipment => "IT application and equipment",
            Self::IntelligentManufacturing => "intelligent manufacturing",
            Self::LifeHealth => "life and health",
            Self::NewMaterialsHydrogen => "new materials and hydrogen energy",
            Self::ModernServices => "modern services",
            Self::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_industry_parses_by_its_chinese_name_and_its_key() {
        for i in Industry::LEADING.into_iter().chain([Industry::Other]) {
            assert_eq!(Industry::parse(i.name_zh()).unwrap(), i);
            assert_eq!(Industry::parse(i.key()).unwrap(), i);
        }
        assert_eq!(
            Industry::parse("钢铁").unwrap_err().code(),
            "unknown_industry"
        );
        assert_eq!(Industry::parse("").unwrap_err().code(), "unknown_industry");
    }

    #[test]
    fn the_spellings_are_what_parse_reads_and_what_reports_write() {
        let every: Vec<Industry> = Industry::LEADING
            .into_iter()
            .chain([Industry::Other])
            .collect();
        assert_eq!(
            Industry::SPELLINGS.map(|(i, ..)| i).to_vec(),
            every,
            "one row per industry, in order"
        );
        for (industry, names, key) in Industry::SPELLINGS {
            assert_eq!(names[0], industry.name_zh());
            assert_eq!(key, industry.key());
            for spelling in names.iter().chain([&key]) {
                assert_eq!(Industry::parse(spelling).unwrap(), industry, "{spelling}");
            }
        }
        // What the refusal lists is the table's leading six, name/key.
        let listed: Vec<String> = Industry::SPELLINGS[..6]
            .iter()
            .map(|(_, names, key)| format!("{}/{key}", names[0]))
            .collect();
        assert_eq!(EXPECTED, listed.join(", "));
    }
}
