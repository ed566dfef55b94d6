import { render, screen } from '@testing-library/react';
import { LogoFull } from './LogoFull';
import { LogoIcon } from './LogoIcon';

describe('the sidebar logo', () => {
  it('names the platform, not Backstage', () => {
    const { container } = render(<LogoFull />);
    expect(screen.getByText('Conway')).toBeInTheDocument();
    expect(container.textContent).not.toMatch(/backstage/i);
  });

  it('draws the mark at a fixed size so it never shrinks away', () => {
    render(<LogoIcon height={34} />);
    const mark = screen.getByRole('img', { name: 'Conway' });
    expect(mark).toHaveAttribute('width', '34');
    expect(mark).toHaveAttribute('height', '34');
  });
});
