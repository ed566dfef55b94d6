import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    // A fixed square: as a flex item beside the name it would otherwise shrink away.
    flexShrink: 0,
  },
});

/**
 * Conway's mark: teams as nodes, joined into a C by the lines they talk
 * along (Conway's law: systems mirror the communication of the teams that
 * build them).
 */
export const LogoIcon = (props: { height?: number }) => {
  const classes = useStyles();
  const nodes: Array<[number, number]> = [
    [47.6, 16.4],
    [28.6, 10.3],
    [12.4, 22],
    [12.4, 42],
    [28.6, 53.7],
    [47.6, 47.6],
  ];
  return (
    <svg
      className={classes.svg}
      width={props.height ?? 28}
      height={props.height ?? 28}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 64 64"
      role="img"
      aria-label="Conway"
    >
      <polyline
        points={nodes.map(([x, y]) => `${x},${y}`).join(' ')}
        fill="none"
        stroke="#7df3e1"
        strokeWidth={4}
        strokeLinejoin="round"
      />
      <line
        x1={28.6}
        y1={10.3}
        x2={28.6}
        y2={53.7}
        stroke="#7df3e1"
        strokeWidth={2}
        strokeOpacity={0.5}
      />
      <line
        x1={12.4}
        y1={22}
        x2={47.6}
        y2={47.6}
        stroke="#7df3e1"
        strokeWidth={2}
        strokeOpacity={0.5}
      />
      {nodes.map(([x, y]) => (
        <circle
          key={`${x},${y}`}
          cx={x}
          cy={y}
          r={6}
          fill="#7df3e1"
          stroke="#171717"
          strokeWidth={2}
        />
      ))}
    </svg>
  );
};
