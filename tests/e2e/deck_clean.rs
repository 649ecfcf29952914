//! A deck that is safe to share in one pass: a deck generated here holds a made-up patient's
//! name in every place PowerPoint keeps text or people (slide text, a table, a chart title and
//! its cached values, a SmartArt node, notes, a comment and its author, alt text, a custom
//! property, a second core-properties part, a hidden slide) and the pictures and parts that
//! used to refuse a deck (an SVG, an EMF, a video, an embedded workbook) plus an off-slide
//! photo with a face. `vet --out` must write a copy holding none of them, in any part of the
//! zip and as LibreOffice renders it, list each in its report, and LibreOffice must open it.

use std::io::{Cursor, Write};

use crate::util::*;

const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
/// The made-up patient.
const NAME: &str = "John Smith";

fn rels(list: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut s = format!(
        r#"{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    );
    for (id, kind, target) in list {
        let t = if kind.starts_with("http") {
            kind.to_string()
        } else {
            format!("{REL}/{kind}")
        };
        let mode = if *kind == "video" && target.starts_with("http") {
            r#" TargetMode="External""#
        } else {
            ""
        };
        s.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{t}" Target="{target}"{mode}/>"#
        ));
    }
    (s + "</Relationships>").into_bytes()
}

fn xfrm(x: i64, y: i64, cx: i64, cy: i64) -> String {
    format!(r#"<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>"#)
}

fn text_box(id: u32, text: &str, y: i64) -> String {
    format!(
        r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="Text {id}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="2800" b="1"/><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"#,
        xfrm(457200, y, 8229600, 685800)
    )
}

fn picture(id: u32, rid: &str, descr: &str, x: i64, extra_nv: &str) -> String {
    format!(
        r#"<p:pic><p:nvPicPr><p:cNvPr id="{id}" name="Picture {id}" descr="{descr}"/><p:cNvPicPr/><p:nvPr>{extra_nv}</p:nvPr></p:nvPicPr><p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>"#,
        xfrm(x, 2286000, 2286000, 1714500)
    )
}

fn slide(body: &str, hidden: bool) -> Vec<u8> {
    let show = if hidden { r#" show="0""# } else { "" };
    format!(
        r#"{HEAD}<p:sld {NS}{show}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{body}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"#
    )
    .into_bytes()
}

/// An EMF that is only a header (a frame of 50.8 × 38.1 mm): enough for its size.
fn emf() -> Vec<u8> {
    let mut b = vec![0u8; 108];
    b[0..4].copy_from_slice(&1i32.to_le_bytes());
    b[4..8].copy_from_slice(&108i32.to_le_bytes());
    b[32..36].copy_from_slice(&5080i32.to_le_bytes());
    b[36..40].copy_from_slice(&3810i32.to_le_bytes());
    b[40..44].copy_from_slice(b" EMF");
    b
}

/// A small workbook-like zip naming the patient (what an embedded chart workbook holds).
fn workbook() -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file(
        "xl/sharedStrings.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    w.write_all(format!("<sst><si><t>{NAME}</t></si></sst>").as_bytes())
        .unwrap();
    w.finish().unwrap().into_inner()
}

/// The deck, and the original pictures by part name.
pub fn build_everything_deck() -> Vec<u8> {
    let astronaut = jpeg_bytes(&load_rgb(&fixture("astronaut.jpg")), 90);
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><rect width="400" height="120" fill="#ffffff"/><text x="10" y="70" font-family="DejaVu Sans" font-size="40" fill="#000000">{NAME}</text></svg>"##
    );
    let video = picture(
        7,
        "rId7",
        "clip",
        6400800,
        r#"<a:videoFile r:link="rId8"/><p:extLst><p:ext uri="{DAA4B4D4-6D71-4841-9C94-3DE7FCFB9230}"><p14:media xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main" r:embed="rId9"/></p:ext></p:extLst>"#,
    );
    let table = format!(
        r#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="8" name="Table 8"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="457200" y="4572000"/><a:ext cx="4572000" cy="741680"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblGrid><a:gridCol w="2286000"/><a:gridCol w="2286000"/></a:tblGrid><a:tr h="370840"><a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>Patient</a:t></a:r></a:p></a:txBody><a:tcPr/></a:tc><a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>{NAME}</a:t></a:r></a:p></a:txBody><a:tcPr/></a:tc></a:tr><a:tr h="370840"><a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>Wound</a:t></a:r></a:p></a:txBody><a:tcPr/></a:tc><a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>Day 14</a:t></a:r></a:p></a:txBody><a:tcPr/></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>"#
    );
    let slide1 = text_box(2, &format!("Patient: {NAME}, MRN 4821-7730"), 274638)
        + &picture(3, "rId2", &format!("{NAME} wound.jpg"), 457200, "")
        + &picture(4, "rId3", "diagram", 3200400, "")
        + &picture(5, "rId4", "logo", 5943600, "")
        // Off the slide, to the right: a copy of the photo with the face.
        + &format!(
            r#"<p:pic><p:nvPicPr><p:cNvPr id="6" name="Off-slide"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId2"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>"#,
            xfrm(9601200, 0, 2286000, 1714500)
        )
        + &table;
    let chart_frame = r#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="9" name="Chart 9"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="457200" y="1371600"/><a:ext cx="4114800" cy="2743200"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId2"/></a:graphicData></a:graphic></p:graphicFrame>"#;
    let smartart_frame = r#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="10" name="Diagram 10"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="4800600" y="1371600"/><a:ext cx="3886200" cy="2743200"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="rId3" r:lo="rId4" r:qs="rId5" r:cs="rId6"/></a:graphicData></a:graphic></p:graphicFrame>"#;
    let ole = r#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="11" name="Object 11"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="457200" y="4572000"/><a:ext cx="2286000" cy="1143000"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole"><p:oleObj name="Worksheet" r:id="rId10" imgW="2286000" imgH="1143000" progId="Excel.Sheet.12"><p:embed/></p:oleObj></a:graphicData></a:graphic></p:graphicFrame>"#;
    let slide2 = text_box(2, "Day 14: chart and timeline", 274638)
        + chart_frame
        + smartart_frame
        + ole
        + &video;
    let chart = format!(
        r#"{HEAD}<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Wound area, {NAME}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{NAME}</c:v></c:pt></c:strCache></c:strRef></c:tx><c:cat><c:strRef><c:f>Sheet1!$A$2:$A$3</c:f><c:strCache><c:ptCount val="2"/><c:pt idx="0"><c:v>Day 1</c:v></c:pt><c:pt idx="1"><c:v>Day 14</c:v></c:pt></c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$B$2:$B$3</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="2"/><c:pt idx="0"><c:v>12</c:v></c:pt><c:pt idx="1"><c:v>5</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="1"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart><c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>"#
    );
    let dgm = r#"xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main""#;
    let data = format!(
        r#"{HEAD}<dgm:dataModel {dgm}><dgm:ptLst><dgm:pt modelId="{{1}}" type="doc"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></dgm:t></dgm:pt><dgm:pt modelId="{{2}}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>Referred by Dr. Jane Roe</a:t></a:r></a:p></dgm:t></dgm:pt><dgm:pt modelId="{{3}}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>{NAME}</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst><dgm:cxnLst><dgm:cxn modelId="{{4}}" srcId="{{1}}" destId="{{2}}" srcOrd="0" destOrd="0"/><dgm:cxn modelId="{{5}}" srcId="{{1}}" destId="{{3}}" srcOrd="1" destOrd="0"/></dgm:cxnLst><dgm:bg/><dgm:whole/></dgm:dataModel>"#
    );
    let layout_def = format!(
        r#"{HEAD}<dgm:layoutDef {dgm} uniqueId="urn:microsoft.com/office/officeart/2005/8/layout/default"><dgm:layoutNode name="diagram"><dgm:alg type="snake"/><dgm:shape/></dgm:layoutNode></dgm:layoutDef>"#
    );
    let style = format!(
        r#"{HEAD}<dgm:styleDef {dgm} uniqueId="urn:microsoft.com/office/officeart/2005/8/quickstyle/simple1"/>"#
    );
    let colors = format!(
        r#"{HEAD}<dgm:colorsDef {dgm} uniqueId="urn:microsoft.com/office/officeart/2005/8/colors/accent1_2"/>"#
    );
    let notes = format!(
        r#"{HEAD}<p:notes {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="Notes"/><p:cNvSpPr/><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>{NAME}, DOB 03/14/1962</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>"#
    );
    let master = format!(
        r#"{HEAD}<p:sldMaster {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>"#
    );
    let layout = format!(
        r#"{HEAD}<p:sldLayout {NS} type="blank"><p:cSld name="Blank"><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"#
    );
    let types = [
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="svg" ContentType="image/svg+xml"/><Default Extension="emf" ContentType="image/x-emf"/><Default Extension="mp4" ContentType="video/mp4"/><Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>"#,
        r#"<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/><Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/><Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/>"#,
        r#"<Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/><Override PartName="/ppt/slides/slide2.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/><Override PartName="/ppt/slides/slide3.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>"#,
        r#"<Override PartName="/ppt/notesSlides/notesSlide1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"/><Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/ppt/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>"#,
        r#"<Override PartName="/ppt/diagrams/data1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"/><Override PartName="/ppt/diagrams/layout1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.diagramLayout+xml"/><Override PartName="/ppt/diagrams/quickStyle1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.diagramStyle+xml"/><Override PartName="/ppt/diagrams/colors1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.diagramColors+xml"/>"#,
        r#"<Override PartName="/ppt/commentAuthors.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.commentAuthors+xml"/><Override PartName="/ppt/comments/comment1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.comments+xml"/>"#,
        r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/core-copy.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>"#,
    ]
    .concat();
    let core = |name: &str| {
        format!(
            r#"{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Wound care</dc:title><dc:creator>{name}</dc:creator><cp:lastModifiedBy>{name}</cp:lastModifiedBy></cp:coreProperties>"#
        )
        .into_bytes()
    };
    let theme = THEME;
    let entries: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", format!(r#"{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{types}</Types>"#).into_bytes()),
        ("_rels/.rels", rels(&[("rId1", "officeDocument", "ppt/presentation.xml"), ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"), ("rId3", "extended-properties", "docProps/app.xml"), ("rId4", "custom-properties", "docProps/custom.xml")])),
        ("ppt/presentation.xml", format!(r#"{HEAD}<p:presentation {NS}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId3"/><p:sldId id="258" r:id="rId4"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000" type="screen4x3"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>"#).into_bytes()),
        ("ppt/_rels/presentation.xml.rels", rels(&[("rId1", "slideMaster", "slideMasters/slideMaster1.xml"), ("rId2", "slide", "slides/slide1.xml"), ("rId3", "slide", "slides/slide2.xml"), ("rId4", "slide", "slides/slide3.xml"), ("rId5", "theme", "theme/theme1.xml"), ("rId6", "commentAuthors", "commentAuthors.xml")])),
        ("ppt/slideMasters/slideMaster1.xml", master.into_bytes()),
        ("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels(&[("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "theme", "../theme/theme1.xml")])),
        ("ppt/slideLayouts/slideLayout1.xml", layout.into_bytes()),
        ("ppt/slideLayouts/_rels/slideLayout1.xml.rels", rels(&[("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")])),
        ("ppt/theme/theme1.xml", theme.as_bytes().to_vec()),
        ("ppt/slides/slide1.xml", slide(&slide1, false)),
        ("ppt/slides/_rels/slide1.xml.rels", rels(&[("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "image", "../media/image1.jpeg"), ("rId3", "image", "../media/image2.svg"), ("rId4", "image", "../media/image3.emf"), ("rId5", "comments", "../comments/comment1.xml")])),
        ("ppt/slides/slide2.xml", slide(&slide2, false)),
        ("ppt/slides/_rels/slide2.xml.rels", rels(&[("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "chart", "../charts/chart1.xml"), ("rId3", "diagramData", "../diagrams/data1.xml"), ("rId4", "diagramLayout", "../diagrams/layout1.xml"), ("rId5", "diagramQuickStyle", "../diagrams/quickStyle1.xml"), ("rId6", "diagramColors", "../diagrams/colors1.xml"), ("rId7", "image", "../media/image1.jpeg"), ("rId8", "video", "../media/media1.mp4"), ("rId9", "http://schemas.microsoft.com/office/2007/relationships/media", "../media/media1.mp4"), ("rId10", "oleObject", "../embeddings/Book1.xlsx"), ("rId11", "notesSlide", "../notesSlides/notesSlide1.xml")])),
        ("ppt/slides/slide3.xml", slide(&text_box(2, &format!("Follow-up: {NAME}"), 274638), true)),
        ("ppt/slides/_rels/slide3.xml.rels", rels(&[("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml")])),
        ("ppt/charts/chart1.xml", chart.into_bytes()),
        ("ppt/charts/_rels/chart1.xml.rels", rels(&[("rId1", "package", "../embeddings/Microsoft_Excel_Worksheet.xlsx")])),
        ("ppt/embeddings/Microsoft_Excel_Worksheet.xlsx", workbook()),
        ("ppt/embeddings/Book1.xlsx", workbook()),
        ("ppt/diagrams/data1.xml", data.into_bytes()),
        ("ppt/diagrams/layout1.xml", layout_def.into_bytes()),
        ("ppt/diagrams/quickStyle1.xml", style.into_bytes()),
        ("ppt/diagrams/colors1.xml", colors.into_bytes()),
        ("ppt/notesSlides/notesSlide1.xml", notes.into_bytes()),
        ("ppt/notesSlides/_rels/notesSlide1.xml.rels", rels(&[("rId1", "slide", "../slides/slide2.xml")])),
        ("ppt/commentAuthors.xml", format!(r#"{HEAD}<p:cmAuthorLst {NS}><p:cmAuthor id="0" name="Alex Reviewer" initials="AR" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>"#).into_bytes()),
        ("ppt/comments/comment1.xml", format!(r#"{HEAD}<p:cmLst {NS}><p:cm authorId="0" dt="2026-01-02T03:04:05.000" idx="1"><p:pos x="10" y="10"/><p:text>Is this {NAME}'s wound?</p:text></p:cm></p:cmLst>"#).into_bytes()),
        ("ppt/media/image1.jpeg", astronaut),
        ("ppt/media/image2.svg", svg.into_bytes()),
        ("ppt/media/image3.emf", emf()),
        ("ppt/media/media1.mp4", b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom John Smith".to_vec()),
        ("docProps/core.xml", core("Dr. Jane Roe")),
        ("docProps/core-copy.xml", core(NAME)),
        ("docProps/app.xml", format!(r#"{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Office PowerPoint</Application><Slides>3</Slides><TitlesOfParts><vt:vector size="2" baseType="lpstr"><vt:lpstr>Office Theme</vt:lpstr><vt:lpstr>Patient: {NAME}</vt:lpstr></vt:vector></TitlesOfParts><Company>St. Example Hospital</Company></Properties>"#).into_bytes()),
        ("docProps/custom.xml", format!(r#"{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Patient"><vt:lpwstr>{NAME}</vt:lpwstr></property></Properties>"#).into_bytes()),
    ];
    zip_entries(&entries)
}

/// Every needle that names the patient or a person, as bytes to search for.
const NEEDLES: &[&str] = &[
    "Smith",
    "SMITH",
    "4821",
    "Jane Roe",
    "Alex Reviewer",
    "1962",
];

#[test]
fn vet_out_leaves_nothing_identifying_in_any_part_and_libreoffice_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("deck.pptx");
    std::fs::write(&deck, build_everything_deck()).unwrap();

    // The report (read-only) lists what the copy will leave out.
    let report = clearframe(&["vet", s(&deck), "--json"]);
    assert_eq!(
        report.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let removed: Vec<&str> = report["removed_on_export"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    for reason in [
        "hidden_slide",
        "notes",
        "comments",
        "comment_authors",
        "embedded_object",
        "video",
        "custom_properties",
    ] {
        assert!(removed.contains(&reason), "{reason} not in {removed:?}");
    }

    let copy = dir.path().join("copy.pptx");
    let ledger = dir.path().join("ledger.sqlite3");
    let j = &vet_copy(&deck, &copy, &ledger);
    assert_eq!(j["verification"]["problems"], serde_json::json!([]), "{j}");
    assert_eq!(j["text_left"], serde_json::json!([]), "{j}");

    // The ledger row counts what the copy changed (counts only, no text).
    let rows = ledger_rows(&ledger);
    let doc = &rows[0]["entry"]["document"];
    assert_eq!(
        doc["text_replaced"].as_u64().unwrap(),
        j["text_replaced"].as_array().unwrap().len() as u64,
        "{doc}"
    );
    assert!(doc["parts_removed"].as_u64().unwrap() >= 8, "{doc}");
    assert_eq!(
        (doc["shapes_removed"].as_u64(), doc["placeholders"].as_u64()),
        (Some(1), Some(1)),
        "{doc}"
    );
    assert!(!rows.to_string().contains("Smith"));
    // The photo placed off the slide is left out (the reviewer would never see it).
    assert!(
        j["hidden_shapes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["slide"] == 1 && h["id"] == "6" && h["issue"] == "off_slide"),
        "{}",
        j["hidden_shapes"]
    );
    assert!(
        !String::from_utf8_lossy(&unzip_all(&copy)["ppt/slides/slide1.xml"]).contains("Off-slide")
    );
    // Searched in every part of the zip, decompressed.
    let parts = unzip_all(&copy);
    for (name, data) in &parts {
        for needle in NEEDLES {
            assert!(
                !data.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{name} still holds {needle:?}"
            );
        }
    }
    for gone in [
        "ppt/slides/slide3.xml",
        "ppt/notesSlides/notesSlide1.xml",
        "ppt/comments/comment1.xml",
        "ppt/commentAuthors.xml",
        "ppt/media/media1.mp4",
        "ppt/embeddings/Book1.xlsx",
        "ppt/embeddings/Microsoft_Excel_Worksheet.xlsx",
        "docProps/custom.xml",
    ] {
        assert!(!parts.contains_key(gone), "{gone} is still in the copy");
    }

    // The report lists each replacement by place and category, never the text.
    let places = string_pairs(&j["text_replaced"], "part", "place");
    for (part, place) in [
        ("ppt/slides/slide1.xml", "paragraph"),
        ("ppt/slides/slide1.xml", "alt_text"),
        ("ppt/charts/chart1.xml", "paragraph"),
        ("ppt/charts/chart1.xml", "chart_value"),
        ("ppt/diagrams/data1.xml", "paragraph"),
        ("docProps/app.xml", "document_title"),
    ] {
        assert!(
            places.iter().any(|(p, k)| p == part && k == place),
            "{part} {place} not in {places:?}"
        );
    }
    let table_cell = places
        .iter()
        .filter(|(p, k)| p == "ppt/slides/slide1.xml" && k == "paragraph")
        .count();
    assert!(table_cell >= 2, "slide text and the table cell: {places:?}");
    assert!(!j["text_replaced"].to_string().contains("Smith"));
    let treatments: Vec<(&str, &str)> = j["pictures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["treatment"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        treatments.contains(&("ppt/media/image2.svg", "rendered_svg")),
        "{treatments:?}"
    );
    assert!(
        treatments.contains(&("ppt/media/image3.emf", "placeholder")),
        "{treatments:?}"
    );
    // The SVG's text was drawn and then found and covered.
    let svg = j["pictures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "ppt/media/image2.svg")
        .unwrap();
    assert!(svg["findings"]["text"].as_u64().unwrap_or(0) >= 1, "{svg}");
    // The photo (also used off the slide) has its face redacted.
    let photo = j["pictures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "ppt/media/image1.jpeg")
        .unwrap();
    assert!(
        photo["findings"]["face"].as_u64().unwrap_or(0) >= 1,
        "{photo}"
    );

    // LibreOffice opens the copy and renders no name.
    let Some(pdf) = libreoffice_pdf(&copy, dir.path()) else {
        return;
    };
    if let Some(text) = pdftotext(&pdf) {
        for needle in NEEDLES {
            assert!(
                !text.contains(needle),
                "LibreOffice renders {needle:?}: {text}"
            );
        }
        assert!(
            text.contains("Day 14"),
            "the rest of the deck is there: {text}"
        );
    }
}

/// The reviewer keeps one flagged line visible through a plan: `vet --plan-template` lists
/// every line a copy would replace; the one marked kept, with a reason, stays in the copy, the
/// copy still verifies, and the reason is in the ledger row; a kept line without a reason is a
/// usage error.
#[test]
fn a_reviewed_plan_keeps_flagged_text_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("deck.pptx");
    std::fs::write(&deck, build_everything_deck()).unwrap();
    let plan = dir.path().join("plan.json");
    let out = clearframe(&["vet", s(&deck), "--no-scan", "--plan-template", s(&plan)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&plan).unwrap()).unwrap();
    let items = v["flagged_text"].as_array_mut().unwrap();
    let texts: Vec<&str> = items.iter().map(|i| i["text"].as_str().unwrap()).collect();
    for want in [
        "Referred by Dr. Jane Roe",
        "Wound area, John Smith",
        "Patient: John Smith",
    ] {
        assert!(texts.contains(&want), "{want} not in {texts:?}");
    }
    let kept = "Referred by Dr. Jane Roe";
    let item = items.iter_mut().find(|i| i["text"] == kept).unwrap();
    item["keep"] = serde_json::json!(true);
    std::fs::write(&plan, v.to_string()).unwrap();

    let ledger = dir.path().join("ledger.sqlite3");
    let copy = dir.path().join("copy.pptx");
    let mut args = vec![
        "vet",
        s(&deck),
        "--output",
        s(&copy),
        "--ledger",
        s(&ledger),
        "--plan",
        s(&plan),
    ];
    args.extend_from_slice(STANFORD_OK);
    let out = clearframe(&args);
    assert_eq!(out.status.code(), Some(2), "a kept line needs a reason");
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a reason"));
    assert!(!copy.exists());

    let item = v["flagged_text"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["text"] == kept)
        .unwrap();
    item["reason"] = serde_json::json!("the presenting physician, who consented");
    std::fs::write(&plan, v.to_string()).unwrap();
    args.push("--json");
    let out = clearframe(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j = &json_lines(&out)[0];
    assert_eq!(j["verification"]["problems"], serde_json::json!([]), "{j}");
    assert_eq!(j["text_kept"][0]["text"], kept, "{j}");
    assert_eq!(
        j["text_left"],
        serde_json::json!([]),
        "kept text is listed as kept: {j}"
    );
    let data = String::from_utf8_lossy(&unzip_all(&copy)["ppt/diagrams/data1.xml"]).into_owned();
    assert!(data.contains(kept) && !data.contains("Smith"), "{data}");
    let rows = ledger_rows(&ledger);
    let dismissals = &rows[0]["entry"]["dismissals"];
    assert!(
        dismissals.as_array().unwrap().iter().any(
            |d| d["kind"] == "text" && d["reason"] == "the presenting physician, who consented"
        ),
        "{dismissals}"
    );
}
