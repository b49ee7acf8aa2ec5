import AlboDomain
import AlboReports
import Testing

@Suite("Semester")
struct SemesterTests {
    @Test("parses YYYY-H1 and YYYY-H2 only, with their first and last days")
    func parsing() throws {
        let h1 = try #require(Semester("2019-H1"))
        #expect(h1.first.description == "2019-01-01" && h1.last.description == "2019-06-30")
        let h2 = try #require(Semester("2020-h2"))
        #expect(h2.first.description == "2020-07-01" && h2.last.description == "2020-12-31" && h2.description == "2020-H2")
        for bad in ["2019", "2019-H3", "2019-H0", "19-H1", "2019-H1x", "", "2019_H1", "-2019-H1", "２０１9-H1"] {
            #expect(Semester(bad) == nil, "\(bad)")
        }
    }

    @Test("the trend is the semester and the five before it; the previous and year-before semesters are in it")
    func trend() throws {
        let s = try #require(Semester("2019-H1"))
        #expect(s.trend(6).map(\.description) == ["2016-H2", "2017-H1", "2017-H2", "2018-H1", "2018-H2", "2019-H1"])
        #expect(s.previous?.description == "2018-H2" && s.yearBefore?.description == "2018-H1")
        #expect(Semester("2019-H2")?.previous?.description == "2019-H1")
    }
}
