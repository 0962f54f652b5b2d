// The meters: what usage is measured, how a period's events add up, and the dimensions usage is
// grouped by (each combination of values is priced as a line of its own).
import { Loading } from '../ui/status';
import { AGGREGATION_LABELS, type MeterView } from './usage-api';

export function MetersPanel({ meters }: { meters: MeterView[] | undefined }) {
  return (
    <section aria-labelledby="meters-title" className="meters">
      <h2 id="meters-title">Meters</h2>
      {!meters && <Loading what="meters" />}
      {meters && meters.length === 0 && <p className="empty">No meter is defined yet.</p>}
      {meters && meters.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-label="Meters">
            <thead>
              <tr>
                <th scope="col">Meter</th>
                <th scope="col">Unit</th>
                <th scope="col">Adds up as</th>
                <th scope="col">Grouped by</th>
                <th scope="col">What it measures</th>
              </tr>
            </thead>
            <tbody>
              {meters.map((meter) => (
                <tr key={meter.id}>
                  <td>
                    {meter.name}
                    <div className="muted">{meter.id}</div>
                  </td>
                  <td>{meter.unit ?? '—'}</td>
                  <td>
                    {AGGREGATION_LABELS[meter.aggregation]}
                    {meter.uniqueBy && ` of ${meter.uniqueBy}`}
                  </td>
                  <td>{meter.dimensions.length > 0 ? meter.dimensions.join(', ') : 'nothing'}</td>
                  <td>{meter.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
